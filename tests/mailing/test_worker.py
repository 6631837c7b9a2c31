"""The real thing: the database queue, a worker process, and SMTP servers on loopback.

The web side runs in this process (the test client) with the database task backend, as
production does; the worker is `manage.py run_worker`, a process of its own on the same
test database, sending to an aiosmtpd server this test runs. A few seconds in all.
"""

import time
from pathlib import Path

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from comments.models import Comment
from mailing.models import OutgoingMail
from mailing.services import queue_mail
from mailing.tasks import deliver
from tests.articles.factories import make_article
from tests.comments.helpers import post_comment
from tests.worker_process import WorkerProcess

from .conftest import smtp_mailers
from .queue import DATABASE_TASKS, run_queue

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def run_worker(smtp_port: int) -> None:
    """Run `manage.py run_worker --batch` on the mail queue until it is empty, then return.

    Production settings (debug off) with the database backend and SMTP to 127.0.0.1,
    whatever the suite's own environment says.
    """
    worker = WorkerProcess(
        "--batch",
        "--queue-name",
        "mail",
        "--verbosity",
        "0",
        DJANGO_DEBUG="0",
        DJANGO_EMAIL_BACKEND="",
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp_port),
        DJANGO_EMAIL_HOST_USER="",
        DJANGO_EMAIL_HOST_PASSWORD="",
        DJANGO_EMAIL_USE_TLS="0",
        DJANGO_LOG_LEVEL="WARNING",
        NEWSROOM_TASKS_DAILY_AT="24:00",
    )
    output = worker.wait(timeout=60)
    assert worker.process.returncode == 0, output


def test_a_guest_is_answered_at_once_while_the_mail_server_hangs_and_mailed_later(
    client, settings, silent_smtp_server, smtp_server
):
    settings.TASKS = DATABASE_TASKS
    # Were the mail sent in the request, the answer would wait this long for the greeting.
    settings.MAILERS = smtp_mailers(silent_smtp_server.port, timeout=5)
    settings.MAIL_RETRY_SECONDS = 0
    article = make_article()
    client.get(article.get_absolute_url())  # the first request loads what every one needs

    started = time.monotonic()
    response = post_comment(client, article, confirmed=False, author_email="guest@example.com")
    took = time.monotonic() - started

    assert response.status_code == 302
    assert took < 2, f"the comment POST took {took:.2f} s"
    assert silent_smtp_server.connections == []  # the request never called the server
    comment = Comment.objects.get(author_email="guest@example.com")
    mail = OutgoingMail.objects.get(key=f"comment-confirm:{comment.pk}")
    assert mail.status == OutgoingMail.Status.WAITING

    # A worker meets the hanging server: the attempt times out and is tried again later.
    settings.MAILERS = smtp_mailers(silent_smtp_server.port, timeout=1)
    run_queue(max_tasks=1)
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (OutgoingMail.Status.WAITING, 1)
    assert "timed out" in mail.last_error
    # The same task enqueued once more, as after a worker killed mid-job: still one mail.
    deliver.enqueue(mail.pk)

    run_worker(smtp_server.port)  # once a working server is there

    (delivered,) = smtp_server.inbox.messages
    assert delivered["To"] == "guest@example.com"
    assert "/en/comments/confirm/" in delivered.get_body(("plain",)).get_content()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.text_body) == (OutgoingMail.Status.SENT, 2, "")


def test_a_mail_queued_in_a_rolled_back_transaction_never_reaches_the_worker(settings, smtp_server):
    settings.TASKS = DATABASE_TASKS

    def message(to):
        return EmailMultiAlternatives(subject="A mail", body="Hello.", to=[to])

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        queue_mail(message("rolled-back@example.com"))
        1 / 0  # noqa: B018 (whatever fails the transaction)
    queue_mail(message("committed@example.com"))

    run_worker(smtp_server.port)

    assert [delivered["To"] for delivered in smtp_server.inbox.messages] == [
        "committed@example.com"
    ]
    assert list(OutgoingMail.objects.values_list("recipient", "status")) == [
        ("committed@example.com", "sent")
    ]

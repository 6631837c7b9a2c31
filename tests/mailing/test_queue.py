"""queue_mail() and the deliver task: one mail per key, sent once, retried, given up on."""

import logging
from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from mailing.models import OutgoingMail
from mailing.services import queue_mail
from mailing.tasks import deliver

from .queue import DATABASE_TASKS

pytestmark = pytest.mark.django_db

WAITING, SENT, FAILED = OutgoingMail.Status

BROKEN = {"default": {"BACKEND": "tests.mailing.test_queue.BrokenMailer"}}


class BrokenMailer(BaseEmailBackend):
    """A mail backend whose server refuses every connection."""

    def open(self):
        raise ConnectionRefusedError("the mail server is down")

    def send_messages(self, messages):
        self.open()


class RolledBack(Exception):
    pass


def message(to="reader@example.com", subject="Your link", **kwargs) -> EmailMultiAlternatives:
    mail = EmailMultiAlternatives(
        subject=subject, body="Follow https://example.com/secret/ to go on.", to=[to], **kwargs
    )
    mail.attach_alternative('<p><a href="https://example.com/secret/">Go on</a></p>', "text/html")
    return mail


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run, when the block ends, what waits for the test's transaction to commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def deliveries() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path="mailing.tasks.deliver").order_by("enqueued_at")
    )


# --- queued with the caller's transaction ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_mail_queued_in_a_transaction_that_rolls_back_is_neither_kept_nor_sent(mailoutbox):
    with pytest.raises(RolledBack), transaction.atomic():
        queue_mail(message())
        raise RolledBack

    assert not OutgoingMail.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_mail_waits_for_its_transaction_to_commit_then_goes(mailoutbox):
    with transaction.atomic():
        mail = queue_mail(message())
        assert mailoutbox == []

    assert len(mailoutbox) == 1
    mail.refresh_from_db()
    assert mail.status == SENT


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_mail_enqueues_no_task_on_the_database_queue():
    with override_settings(TASKS=DATABASE_TASKS):
        with pytest.raises(RolledBack), transaction.atomic():
            queue_mail(message())
            raise RolledBack
        queue_mail(message(to="kept@example.com"))

    (task,) = deliveries()
    assert task.queue_name == "mail"
    assert task.args_kwargs == {"args": [OutgoingMail.objects.get().pk], "kwargs": {}}


# --- sent once ---------------------------------------------------------------------------------


def test_the_mail_sent_is_the_message_queued(committed, mailoutbox):
    with committed():
        queue_mail(message(from_email="Desk <desk@example.com>"))

    (sent,) = mailoutbox
    assert sent.to == ["reader@example.com"]
    assert sent.from_email == "Desk <desk@example.com>"
    assert sent.subject == "Your link"
    assert sent.body == "Follow https://example.com/secret/ to go on."
    assert sent.alternatives[0][1] == "text/html"
    assert "https://example.com/secret/" in sent.alternatives[0][0]


def test_once_sent_the_mail_keeps_no_body(committed):
    with committed():
        mail = queue_mail(message())

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (SENT, 1, "")
    assert mail.sent_at is not None
    # The links were a key to whatever they open: nothing keeps them once they are sent.
    assert (mail.text_body, mail.html_body) == ("", "")


def test_the_same_key_queued_twice_makes_one_mail(committed, mailoutbox):
    with committed():
        first = queue_mail(message(), key="comment-confirm:7")
        second = queue_mail(message(), key="comment-confirm:7")
    with committed():
        third = queue_mail(message(), key="comment-confirm:7")

    assert first.pk == second.pk == third.pk
    assert OutgoingMail.objects.count() == 1
    assert len(mailoutbox) == 1


def test_delivering_twice_sends_once(committed, mailoutbox):
    with committed():
        mail = queue_mail(message())

    assert deliver.call(mail.pk) == "sent"
    assert deliver.call(mail.pk) == "sent"
    assert len(mailoutbox) == 1


def test_a_mail_sent_again_after_a_crash_is_the_same_message(committed, mailoutbox):
    # A worker killed after the server took the mail, before it could record that, leaves
    # the mail waiting: the job taken back sends it again. The copy must be the same
    # message, by its Message-ID, so the reader's mail service shows it once.
    with committed():
        mail = queue_mail(message(from_email="Desk <desk@news.example>"))
        queue_mail(message(to="someone@example.com"))
    body = mailoutbox[0].body
    OutgoingMail.objects.filter(pk=mail.pk).update(status=WAITING, text_body=body)

    assert deliver.call(mail.pk) == "sent"

    first, second, again = (sent.message()["Message-ID"] for sent in mailoutbox)
    assert first == again
    assert first != second
    assert first.endswith("@news.example>")  # the sender's domain, not a worker's host name


class CheckingMailer(locmem.EmailBackend):
    """Django's test outbox, noting the mails' status when the connection is closed."""

    status_at_close: list[str] = []

    def close(self):
        CheckingMailer.status_at_close.extend(OutgoingMail.objects.values_list("status", flat=True))
        raise ConnectionResetError("the server hung up before saying goodbye")


def test_a_mail_is_recorded_as_sent_before_the_goodbye_to_the_server(committed, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.mailing.test_queue.CheckingMailer"}}
    CheckingMailer.status_at_close = []
    with committed():
        mail = queue_mail(message())

    mail.refresh_from_db()
    # Recorded as soon as the server took it, and a failing goodbye changes nothing.
    assert CheckingMailer.status_at_close == [SENT]
    assert (mail.status, mail.attempts, mail.last_error) == (SENT, 1, "")


def test_a_mail_given_up_on_is_not_sent_by_a_late_delivery(committed, settings, mailoutbox):
    settings.MAILERS = BROKEN
    settings.MAIL_MAX_ATTEMPTS = 1
    with committed():
        mail = queue_mail(message())
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert deliver.call(mail.pk) == "failed"
    assert mailoutbox == []


def test_a_mail_deleted_before_its_delivery_is_skipped():
    assert deliver.call(123456) == "gone"


@pytest.mark.parametrize(
    "extra",
    [{"cc": ["copy@example.com"]}, {"bcc": ["hidden@example.com"]}, {"headers": {"X-A": "b"}}],
)
def test_what_the_row_cannot_carry_is_refused_not_dropped(extra):
    with pytest.raises(ValueError, match="queued mail"):
        queue_mail(message(**extra))
    assert not OutgoingMail.objects.exists()


def test_a_second_recipient_is_refused():
    with pytest.raises(ValueError, match="one recipient"):
        queue_mail(EmailMultiAlternatives(subject="S", body="B", to=["a@x.example", "b@x.example"]))


# --- failures ----------------------------------------------------------------------------------


def test_a_failure_on_a_backend_that_cannot_wait_is_recorded_not_retried(
    committed, settings, caplog
):
    # The suite's ImmediateBackend runs tasks at once and cannot run one later.
    settings.MAILERS = BROKEN
    with committed():
        mail = queue_mail(message())

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (WAITING, 1)
    assert mail.last_error == "ConnectionRefusedError: the mail server is down"
    assert mail.text_body  # kept for a later attempt
    assert "cannot retry it later" in caplog.text


def test_a_failure_is_retried_later_and_later(committed, settings):
    settings.MAILERS = BROKEN
    settings.TASKS = DATABASE_TASKS
    settings.MAIL_RETRY_SECONDS = 60
    with committed():
        mail = queue_mail(message())
    (first,) = deliveries()
    assert first.run_after == get_date_max()  # as soon as a worker is free

    # MAIL_RETRY_SECONDS after the first failure, doubling after each one.
    for attempt, delay in ((1, 60), (2, 120), (3, 240)):
        enqueued = {task.pk for task in deliveries()}
        before = timezone.now()
        with committed():
            assert deliver.call(mail.pk) == "waiting"
        after = timezone.now()
        mail.refresh_from_db()
        assert mail.attempts == attempt
        (retry,) = [task for task in deliveries() if task.pk not in enqueued]
        assert retry.queue_name == "mail"
        assert retry.args_kwargs["args"] == [mail.pk]
        wait = timedelta(seconds=delay)
        assert before + wait <= retry.run_after <= after + wait

    assert len(deliveries()) == 4


def test_after_the_last_attempt_the_mail_is_marked_failed_and_logged(committed, settings, caplog):
    settings.MAILERS = BROKEN
    settings.TASKS = DATABASE_TASKS
    settings.MAIL_MAX_ATTEMPTS = 3
    with committed():
        mail = queue_mail(message(subject="Finish registering"))

    with committed():
        results = [deliver.call(mail.pk) for _ in range(4)]

    assert results == ["waiting", "waiting", "failed", "failed"]
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (FAILED, 3)
    assert "the mail server is down" in mail.last_error
    # The first task, and a retry after each of the two failures before the last.
    assert len(deliveries()) == 3
    (gave_up,) = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert gave_up.name == "mailing.tasks"
    assert "Gave up on the mail" in gave_up.getMessage()
    assert "'Finish registering'" in gave_up.getMessage()

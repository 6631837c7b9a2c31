"""Delivering a queued mail: a task on the "mail" queue, safe to run twice."""

import logging
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from workers.queueing import enqueue_on_commit

from .models import OutgoingMail

logger = logging.getLogger(__name__)


@task(queue_name="mail")
def deliver(mail_id: int) -> str:
    """Send the mail `mail_id` if it still waits; the status it is left in.

    Run twice, it sends once: a mail sent or given up on is left alone. A failure is
    counted and tried again later (MAIL_RETRY_SECONDS, doubling each time) until
    MAIL_MAX_ATTEMPTS, then the mail is marked failed, where the admin shows it.
    """
    mail = OutgoingMail.objects.filter(pk=mail_id).first()
    if mail is None:
        return "gone"
    if mail.status != OutgoingMail.Status.WAITING:
        return mail.status
    # This run's attempt, claimed before sending: of two runs of the job at once (one
    # taken back from a worker thought dead), only the one that claims it sends.
    attempt = mail.attempts + 1
    claimed = OutgoingMail.objects.filter(
        pk=mail.pk, status=OutgoingMail.Status.WAITING, attempts=mail.attempts
    ).update(attempts=attempt)
    if not claimed:
        return "claimed by another run"
    mailer = mailers.default
    try:
        # Opened here, so that the mail is marked sent as soon as the server has taken it
        # and before the goodbye (QUIT) round trip; send_messages leaves it open.
        mailer.open()
        mailer.send_messages([_message(mail)])
    except Exception as error:  # whatever the mail backend raised: the server did not take it
        _close(mailer, mail)
        return _failed(mail, error, attempt)
    # The server has taken the mail: record it at once, and drop the bodies (their links
    # grant a password reset or an account). One window remains: a worker that dies
    # between the server's acceptance and this update leaves the mail waiting, so the
    # task run again sends it a second time. Nothing closes that window short of the
    # server knowing our ids; the copy carries the same Message-ID (see _message), by
    # which mail services and readers' programs show it once.
    OutgoingMail.objects.filter(pk=mail.pk, status=OutgoingMail.Status.WAITING).update(
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        text_body="",
        html_body="",
    )
    _close(mailer, mail)
    return OutgoingMail.Status.SENT.value


def message_id(mail: OutgoingMail) -> str:
    """The Message-ID of `mail`: the same on every attempt, from any worker, so a copy
    sent again after a crash is known as the same message."""
    domain = parseaddr(mail.sender)[1].rpartition("@")[2] or DNS_NAME.get_fqdn()
    return f"<outgoing.{mail.pk}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>"


def _message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text_body,
        from_email=mail.sender,
        to=[mail.recipient],
        headers={"Message-ID": message_id(mail)},
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    return message


def _close(mailer, mail: OutgoingMail) -> None:
    """Say goodbye to the server; a failure there changes nothing about the mail."""
    try:
        mailer.close()
    except Exception as error:  # the connection is dropped either way
        logger.info("Closing the mail connection after mail %s failed: %s", mail.pk, error)


def _failed(mail: OutgoingMail, error: Exception, attempts: int) -> str:
    """Record the failed attempt (the `attempts`-th, claimed by this run); retry later,
    or give up after the last one."""
    reason = f"{type(error).__name__}: {error}"[:2000]
    # Only this run's claim: a run that claimed a later attempt owns the mail now.
    still_waiting = OutgoingMail.objects.filter(
        pk=mail.pk, status=OutgoingMail.Status.WAITING, attempts=attempts
    )
    if attempts >= settings.MAIL_MAX_ATTEMPTS:
        # Given up: the links in it are no one's to read any more either.
        still_waiting.update(
            status=OutgoingMail.Status.FAILED, last_error=reason, text_body="", html_body=""
        )
        logger.error(
            "Gave up on the mail %s (%r) after %s attempts: %s",
            mail.pk,
            mail.subject,
            attempts,
            reason,
        )
        return OutgoingMail.Status.FAILED.value
    backend = deliver.get_backend()
    if not backend.supports_defer:
        # A backend that runs tasks at once (the tests' ImmediateBackend) cannot wait
        # before the next attempt, and retrying on the spot would only hold up whoever
        # enqueued it: the failure is recorded and the mail stays waiting.
        still_waiting.update(last_error=reason)
        logger.warning(
            "Could not send the mail %s (%r); the task backend cannot retry it later: %s",
            mail.pk,
            mail.subject,
            reason,
        )
        return OutgoingMail.Status.WAITING.value
    run_after = timezone.now() + timedelta(
        seconds=settings.MAIL_RETRY_SECONDS * 2 ** (attempts - 1)
    )
    with transaction.atomic():
        if still_waiting.update(last_error=reason):
            # The attempt's count and the next try commit together (workers.queueing).
            enqueue_on_commit(deliver.using(run_after=run_after), mail.pk)
    logger.warning(
        "Could not send the mail %s (%r), attempt %s; trying again after %s: %s",
        mail.pk,
        mail.subject,
        attempts,
        run_after.isoformat(timespec="seconds"),
        reason,
    )
    return OutgoingMail.Status.WAITING.value


@task
def prune() -> int:
    """Delete the records of mail sent or given up on more than MAIL_KEPT_DAYS ago (a
    daily job: see settings.TASKS_DAILY); how many. Waiting mail is never deleted."""
    before = timezone.now() - timedelta(days=settings.MAIL_KEPT_DAYS)
    finished = OutgoingMail.objects.exclude(status=OutgoingMail.Status.WAITING)
    deleted, _ = finished.filter(created_at__lt=before).delete()
    return deleted

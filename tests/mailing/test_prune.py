"""The record of a mail is kept MAIL_KEPT_DAYS, then the daily job deletes it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mailing.models import OutgoingMail
from mailing.tasks import prune

pytestmark = pytest.mark.django_db


def mail(status, *, days_ago):
    made = OutgoingMail.objects.create(
        sender="news@localhost", recipient="reader@example.com", subject="Hi", status=status
    )
    OutgoingMail.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return made


def test_old_sent_and_failed_mail_is_deleted_and_waiting_or_recent_mail_kept(settings):
    settings.MAIL_KEPT_DAYS = 30
    old_sent = mail(OutgoingMail.Status.SENT, days_ago=31)
    old_failed = mail(OutgoingMail.Status.FAILED, days_ago=40)
    old_waiting = mail(OutgoingMail.Status.WAITING, days_ago=40)
    recent_sent = mail(OutgoingMail.Status.SENT, days_ago=2)

    assert prune.call() == 2

    kept = set(OutgoingMail.objects.values_list("pk", flat=True))
    assert kept == {old_waiting.pk, recent_sent.pk}
    assert old_sent.pk not in kept and old_failed.pk not in kept

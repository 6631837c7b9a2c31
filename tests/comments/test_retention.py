"""What is kept, and for how long: unconfirmed comments are purged after a week, client
address hashes are cleared after the retention period, and only a keyed hash is ever kept."""

import hashlib
import hmac
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments import services
from comments.clients import hash_address
from comments.models import Ban, Comment, ModerationEvent, Report
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, make_comment
from .helpers import post_comment
from .safety import BANS, confirm_path, report

pytestmark = pytest.mark.django_db

UNCONFIRMED = Comment.Status.UNCONFIRMED
HASH = "c0ffee" + "0" * 58


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def hash_of(comment) -> str:
    return Comment.objects.values_list("client_hash", flat=True).get(pk=comment.pk)


# --- unconfirmed comments ------------------------------------------------------------------------


def test_unconfirmed_comments_older_than_a_week_are_purged():
    old = make_comment(status=UNCONFIRMED, submitted_at=days_ago(7.1))
    young = make_comment(status=UNCONFIRMED, submitted_at=days_ago(6.9))
    old_but_pending = make_comment(status=PENDING, submitted_at=days_ago(30))
    old_but_approved = make_comment(status=APPROVED, submitted_at=days_ago(30))

    done = services.comments_cleanup()

    assert done.unconfirmed_deleted == 1
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert old.pk not in remaining
    assert {young.pk, old_but_pending.pk, old_but_approved.pk} <= remaining


def test_the_purge_follows_the_setting(settings):
    settings.COMMENTS_UNCONFIRMED_PURGE_DAYS = 2
    gone = make_comment(status=UNCONFIRMED, submitted_at=days_ago(3))
    kept = make_comment(status=UNCONFIRMED, submitted_at=days_ago(1))

    services.comments_cleanup()

    assert not Comment.objects.filter(pk=gone.pk).exists()
    assert Comment.objects.filter(pk=kept.pk).exists()


def test_purging_a_comment_with_a_logged_edit_keeps_the_log(client):
    post_comment(client, make_article(), confirmed=False, body="Typo'd first.")
    comment = Comment.objects.get()
    client.post(f"/en/comments/{comment.pk}/edit/", {"body": "Fixed, still unconfirmed."})
    Comment.objects.filter(pk=comment.pk).update(submitted_at=days_ago(8))
    assert Comment.objects.get().status == UNCONFIRMED

    services.comments_cleanup()

    assert not Comment.objects.exists()
    (event,) = ModerationEvent.objects.all()
    assert (event.action, event.comment) == ("edit", None)


def test_a_purged_comments_confirmation_link_is_gone(client):
    post_comment(client, make_article(), confirmed=False)
    Comment.objects.update(submitted_at=days_ago(8))
    path = confirm_path()

    services.comments_cleanup()

    assert client.get(path).status_code == 410


# --- address hashes ------------------------------------------------------------------------------


def test_address_hashes_are_cleared_after_the_retention_period():
    old = make_comment(client_hash=HASH, submitted_at=days_ago(91))
    old_held = make_comment(status=PENDING, client_hash=HASH, submitted_at=days_ago(120))
    young = make_comment(client_hash=HASH, submitted_at=days_ago(89))

    done = services.comments_cleanup()

    assert done.comment_hashes_cleared == 2
    assert (hash_of(old), hash_of(old_held), hash_of(young)) == ("", "", HASH)


def test_the_retention_period_is_a_setting(settings):
    settings.COMMENTS_ADDRESS_RETENTION_DAYS = 10
    old = make_comment(client_hash=HASH, submitted_at=days_ago(11))
    young = make_comment(client_hash=HASH, submitted_at=days_ago(9))

    services.comments_cleanup()

    assert (hash_of(old), hash_of(young)) == ("", HASH)


def test_a_ban_in_force_keeps_its_hash_but_an_old_finished_one_does_not(moderator):
    for_good = services.ban_create(kind=Ban.Kind.ADDRESS, address_hash=HASH, moderator=moderator)
    lifted = services.ban_create(kind=Ban.Kind.ADDRESS, address_hash=HASH, moderator=moderator)
    services.ban_lift(ban=lifted, moderator=moderator)
    expired = services.ban_create(
        kind=Ban.Kind.ADDRESS, address_hash=HASH, moderator=moderator, period=timedelta(days=30)
    )
    recently_lifted = services.ban_create(
        kind=Ban.Kind.ADDRESS, address_hash=HASH, moderator=moderator
    )
    services.ban_lift(ban=recently_lifted, moderator=moderator)
    Ban.objects.exclude(pk=recently_lifted.pk).update(created_at=days_ago(100))
    Ban.objects.filter(pk=expired.pk).update(expires_at=days_ago(70))

    done = services.comments_cleanup()

    hashes = dict(Ban.objects.values_list("pk", "address_hash"))
    assert hashes[for_good.pk] == HASH
    assert hashes[lifted.pk] == ""
    assert hashes[expired.pk] == ""
    assert hashes[recently_lifted.pk] == HASH
    assert done.ban_hashes_cleared == 2


def test_a_ban_in_force_still_refuses_after_the_cleanup(client, moderator, settings):
    address_hash = hash_address("198.51.100.5", settings.COMMENTS_ADDRESS_KEY)
    made = services.ban_create(
        kind=Ban.Kind.ADDRESS, address_hash=address_hash, moderator=moderator
    )
    Ban.objects.filter(pk=made.pk).update(created_at=days_ago(200))

    services.comments_cleanup()

    assert post_comment(client, make_article(), address="198.51.100.5").status_code == 403


def test_guests_reports_forget_their_address_after_the_retention_period():
    comment = make_comment()
    report(Client(), comment, address="10.6.0.1")
    report(Client(), comment, address="10.6.0.2")
    old, young = Report.objects.order_by("pk")
    Report.objects.filter(pk=old.pk).update(reported_at=days_ago(91))

    services.comments_cleanup()

    reporters = dict(Report.objects.values_list("pk", "reporter"))
    assert not reporters[old.pk].startswith("address:")
    assert reporters[young.pk] == young.reporter


# --- the management command ----------------------------------------------------------------------


def test_the_management_command_runs_the_cleanup():
    purged = make_comment(status=UNCONFIRMED, submitted_at=days_ago(8))
    hashed = make_comment(client_hash=HASH, submitted_at=days_ago(91))
    kept = make_comment(status=UNCONFIRMED, client_hash=HASH, submitted_at=days_ago(1))
    out = io.StringIO()

    call_command("comments_cleanup", stdout=out)

    assert not Comment.objects.filter(pk=purged.pk).exists()
    assert hash_of(hashed) == ""
    assert hash_of(kept) == HASH
    assert "Deleted 1 unconfirmed comment" in out.getvalue()


def test_running_the_cleanup_twice_changes_nothing_more():
    make_comment(status=UNCONFIRMED, submitted_at=days_ago(8))
    make_comment(client_hash=HASH, submitted_at=days_ago(91))
    services.comments_cleanup()

    again = services.comments_cleanup()

    assert (again.unconfirmed_deleted, again.comment_hashes_cleared) == (0, 0)


# --- only a keyed hash ---------------------------------------------------------------------------


def test_the_stored_hash_is_an_hmac_of_the_address_under_the_current_key(client, settings):
    address = "203.0.113.77"

    post_comment(client, make_article(), address=address)

    comment = Comment.objects.get()
    expected = hmac.new(
        settings.COMMENTS_ADDRESS_KEY.encode(), address.encode(), hashlib.sha256
    ).hexdigest()
    assert comment.client_hash == expected
    assert comment.client_hash != hashlib.sha256(address.encode()).hexdigest()


def test_a_new_key_gives_a_different_hash(settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    article = make_article()
    post_comment(Client(), article, address="203.0.113.77", body="Under the first key.")
    settings.COMMENTS_ADDRESS_KEY = "another-address-key"

    post_comment(Client(), article, address="203.0.113.77", body="Under the second key.")

    first, second = Comment.objects.order_by("pk")
    assert first.client_hash != second.client_hash
    assert second.client_hash == hash_address("203.0.113.77", "another-address-key")


def test_the_address_is_nowhere_in_the_rows_it_touches(client, moderator_client, trusted_member):
    address = "203.0.113.77"
    article = make_article()
    post_comment(client, article, address=address, confirmed=False, body="Raw address check.")
    member = Client()
    member.force_login(trusted_member)
    post_comment(member, article, address="203.0.113.78", body="A member's word.")
    comment = Comment.objects.get(body="Raw address check.")
    report(client, Comment.objects.get(body="A member's word."), address=address)
    moderator_client.post(BANS, {"comment": comment.pk, "kind": "address", "period": "7"})

    rows = [
        *Comment.objects.values(),
        *Report.objects.values(),
        *Ban.objects.values(),
        *ModerationEvent.objects.values(),
    ]

    assert Ban.objects.get().address_hash == comment.client_hash
    for row in rows:
        for field, value in row.items():
            assert address not in str(value), field
            assert "203.0.113" not in str(value), field

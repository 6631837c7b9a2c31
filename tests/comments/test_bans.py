"""Bans on an account, an email address or a client address: making them, what a banned
commenter is told, when they end, and rotating the address key without losing them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from comments import services
from comments.clients import hash_address
from comments.models import Ban, Comment, ModerationEvent
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, make_comment
from .helpers import comment_ids, confirm_in, post_comment, text_of, visible_text
from .safety import (
    BANS,
    QUEUE,
    confirm_path,
    form_error,
    make_reason,
    messages_text,
    status_of,
    textarea_text,
)

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"
CANNOT = "You cannot comment on this site"


def current_hash(settings, address=ADDRESS) -> str:
    return hash_address(address, settings.COMMENTS_ADDRESS_KEY)


def ban(moderator, kind, **fields) -> Ban:
    return services.ban_create(kind=kind, moderator=moderator, **fields)


def assert_refused(response, body, because: str):
    """A 403 in plain words, with the commenter's text kept in the form."""
    assert response.status_code == 403
    html = text_of(response)
    error = form_error(html)
    assert error.startswith(CANNOT), error
    assert because in error
    assert "Nothing you send will be published." in error
    assert textarea_text(html) == body
    assert not Comment.objects.filter(body=body).exists()


# --- making bans ---------------------------------------------------------------------------------


def test_a_moderator_opens_the_ban_form_from_a_queued_comment(moderator_client):
    comment = make_comment(status=PENDING, author_email="troll@example.com", client_hash="ab" * 32)

    response = moderator_client.get(BANS, {"comment": comment.pk})

    assert response.status_code == 200
    text = visible_text(text_of(response))
    assert "The email address troll@example.com" in text
    assert "The client address abababab (a keyed hash)" in text
    assert "ab" * 32 not in text_of(response)


def test_banning_a_guests_email_from_their_comment(moderator_client, moderator):
    reason = make_reason(label="Trolling")
    comment = make_comment(status=PENDING, author_email="Troll@Example.com")

    response = moderator_client.post(
        BANS,
        {"comment": comment.pk, "kind": "email", "period": "7", "reason": reason.pk},
        follow=True,
    )

    made = Ban.objects.get()
    assert (made.kind, made.email, made.user, made.reason) == (
        "email",
        "troll@example.com",
        None,
        reason,
    )
    assert made.created_by == moderator
    assert abs(made.expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    assert "Banned troll@example.com until" in messages_text(text_of(response))
    assert "troll@example.com" in visible_text(text_of(response))  # listed as in force


def test_banning_a_members_account_from_their_comment(moderator_client, member):
    comment = make_comment(status=PENDING, user=member)

    moderator_client.post(BANS, {"comment": comment.pk, "kind": "account", "period": "forever"})

    made = Ban.objects.get()
    assert (made.kind, made.user, made.expires_at) == ("account", member, None)
    assert made.in_force()


def test_banning_the_address_of_a_comment(moderator_client, settings):
    comment = make_comment(status=PENDING, client_hash=current_hash(settings))

    moderator_client.post(BANS, {"comment": comment.pk, "kind": "address", "period": "1"})

    made = Ban.objects.get()
    assert (made.kind, made.address_hash) == ("address", current_hash(settings))
    assert ADDRESS not in str(Ban.objects.values().get())


def test_an_address_no_longer_kept_cannot_be_banned(moderator_client):
    comment = make_comment(status=PENDING, client_hash="")

    response = moderator_client.post(
        BANS, {"comment": comment.pk, "kind": "address", "period": "1"}
    )

    assert response.status_code == 400
    assert not Ban.objects.exists()


def test_banning_a_member_by_username(moderator_client, member):
    response = moderator_client.post(
        BANS, {"kind": "account", "username": "NEWBIE", "period": "30"}
    )

    assert response.status_code == 302
    assert Ban.objects.get().user == member


def test_banning_an_unknown_username_is_refused_with_a_note(moderator_client):
    response = moderator_client.post(BANS, {"kind": "account", "username": "nobody", "period": "7"})

    assert response.status_code == 400
    assert "No member has that username." in visible_text(text_of(response))
    assert not Ban.objects.exists()


def test_banning_an_email_address_by_hand(moderator_client):
    moderator_client.post(BANS, {"kind": "email", "email": "Spammer@Example.com", "period": "365"})

    assert Ban.objects.get().email == "spammer@example.com"


def test_an_address_cannot_be_banned_by_hand(moderator_client):
    response = moderator_client.post(BANS, {"kind": "address", "period": "7"})

    assert response.status_code == 400
    assert not Ban.objects.exists()


def test_a_ban_made_in_code_is_in_force_and_logged(moderator, settings):
    made = ban(
        moderator, Ban.Kind.ADDRESS, address_hash=current_hash(settings), period=timedelta(days=1)
    )

    assert list(Ban.objects.in_force()) == [made]
    assert ModerationEvent.objects.get().ban == made


# --- what a banned commenter meets ---------------------------------------------------------------


def test_a_banned_member_is_told_plainly_and_nothing_is_saved(client, moderator, trusted_member):
    reason = make_reason(label="Repeated abuse")
    ban(moderator, Ban.Kind.ACCOUNT, user=trusted_member, reason=reason)
    client.force_login(trusted_member)
    before = Comment.objects.count()

    response = post_comment(client, make_article(), body="Let me back in, please.")

    assert_refused(response, "Let me back in, please.", "your account")
    assert "The reason given: Repeated abuse." in form_error(text_of(response))
    assert Comment.objects.count() == before


def test_a_temporary_ban_says_until_when(client, moderator, member):
    ban(moderator, Ban.Kind.ACCOUNT, user=member, period=timedelta(days=7))
    client.force_login(member)

    response = post_comment(client, make_article(), body="Still here.")

    assert_refused(response, "Still here.", "your account")
    assert f"{CANNOT} until " in form_error(text_of(response))


def test_a_banned_email_is_refused_whatever_its_case(client, moderator):
    ban(moderator, Ban.Kind.EMAIL, email="troll@example.com")

    response = post_comment(
        client, make_article(), author_email="TROLL@example.com", body="Hi again."
    )

    assert_refused(response, "Hi again.", "this email address")


def test_a_banned_email_gets_no_confirmation_mail(client, moderator):
    ban(moderator, Ban.Kind.EMAIL, email="troll@example.com")

    response = post_comment(
        client, make_article(), confirmed=False, author_email="troll@example.com", body="New me."
    )

    assert_refused(response, "New me.", "this email address")
    assert mail.outbox == []


def test_an_email_ban_does_not_touch_other_addresses(client, moderator):
    ban(moderator, Ban.Kind.EMAIL, email="troll@example.com")

    assert post_comment(client, make_article(), author_email="kind@example.com").status_code == 302


def test_a_banned_address_refuses_a_guest_from_it(client, moderator, settings):
    ban(moderator, Ban.Kind.ADDRESS, address_hash=current_hash(settings))

    response = post_comment(client, make_article(), address=ADDRESS, body="From the banned place.")

    assert_refused(response, "From the banned place.", "your internet connection")
    other = post_comment(Client(), make_article(), address="198.51.100.24", body="From next door.")
    assert other.status_code == 302


def test_a_banned_address_holds_a_members_comment_for_a_moderator(
    client, moderator, trusted_member, settings
):
    article = make_article()
    ban(moderator, Ban.Kind.ADDRESS, address_hash=current_hash(settings))
    client.force_login(trusted_member)

    response = post_comment(client, article, address=ADDRESS, body="From the library.")

    assert response.status_code == 302
    comment = Comment.objects.get(body="From the library.")
    assert (comment.status, comment.reasons) == (PENDING, ["banned-address"])
    assert "From the library." not in text_of(Client().get(article.get_absolute_url()))


def test_a_banned_member_cannot_edit_their_comment_either(client, moderator, trusted_member):
    client.force_login(trusted_member)
    post_comment(client, make_article(), body="Published before the ban.")
    comment = Comment.objects.get(body="Published before the ban.")
    ban(moderator, Ban.Kind.ACCOUNT, user=trusted_member)

    response = client.post(f"/en/comments/{comment.pk}/edit/", {"body": "Now with worse words."})

    assert response.status_code == 403
    assert CANNOT in visible_text(text_of(response))
    assert Comment.objects.get(pk=comment.pk).body == "Published before the ban."


def test_a_guest_banned_while_awaiting_confirmation_is_not_published_by_confirming(
    client, moderator
):
    article = make_article()
    for _ in range(2):  # enough approved comments to go straight through once confirmed
        make_comment(author_email="troll@example.com")
    post_comment(client, article, confirmed=False, author_email="troll@example.com", body="Sneaky.")
    ban(moderator, Ban.Kind.EMAIL, email="troll@example.com")

    client.post(confirm_path())

    comment = Comment.objects.get(body="Sneaky.")
    assert comment.status != APPROVED
    assert comment.pk not in comment_ids(text_of(Client().get(article.get_absolute_url())))


def test_a_banned_guest_posting_again_from_a_confirmed_browser_is_refused(client, moderator):
    confirm_in(client, "troll@example.com")
    ban(moderator, Ban.Kind.EMAIL, email="troll@example.com")

    response = post_comment(client, make_article(), author_email="troll@example.com", body="Hello.")

    assert_refused(response, "Hello.", "this email address")


# --- when bans end -------------------------------------------------------------------------------


def test_an_expired_ban_no_longer_applies(client, moderator, trusted_member):
    made = ban(moderator, Ban.Kind.ACCOUNT, user=trusted_member, period=timedelta(days=1))
    Ban.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(trusted_member)

    response = post_comment(client, make_article(), body="Back after my day off.")

    assert response.status_code == 302
    assert Comment.objects.get(body="Back after my day off.").status == APPROVED


def test_a_lifted_ban_no_longer_applies_and_the_lifting_is_logged(
    client, moderator, moderator_client, settings
):
    made = ban(moderator, Ban.Kind.ADDRESS, address_hash=current_hash(settings))

    response = moderator_client.post(f"{BANS}{made.pk}/lift/", follow=True)

    assert "is lifted" in messages_text(text_of(response))
    made.refresh_from_db()
    assert (made.lifted_by, made.in_force()) == (moderator, False)
    unban = ModerationEvent.objects.get(action=ModerationEvent.Action.UNBAN)
    assert (unban.ban, unban.actor) == (made, moderator)
    assert post_comment(client, make_article(), address=ADDRESS).status_code == 302


def test_lifting_a_ban_twice_logs_it_once(moderator_client, moderator):
    made = ban(moderator, Ban.Kind.EMAIL, email="troll@example.com")

    moderator_client.post(f"{BANS}{made.pk}/lift/")
    moderator_client.post(f"{BANS}{made.pk}/lift/")

    assert ModerationEvent.objects.filter(action="unban").count() == 1


def test_the_bans_page_lists_bans_in_force_and_past_ones(moderator_client, moderator, member):
    ban(moderator, Ban.Kind.EMAIL, email="current@example.com")
    lifted = ban(moderator, Ban.Kind.EMAIL, email="lifted@example.com")
    services.ban_lift(ban=lifted, moderator=moderator)

    html = text_of(moderator_client.get(BANS))

    in_force = html.split('id="in-force-heading"', 1)[1].split('id="past-heading"', 1)[0]
    past = html.split('id="past-heading"', 1)[1]
    assert "current@example.com" in in_force
    assert "lifted@example.com" not in in_force
    assert "lifted@example.com" in past


# --- rotating the address key --------------------------------------------------------------------


@pytest.fixture
def rotated(settings, moderator):
    """An address ban made under the old key, after the key was changed."""
    old_key = settings.COMMENTS_ADDRESS_KEY
    made = ban(moderator, Ban.Kind.ADDRESS, address_hash=hash_address(ADDRESS, old_key))
    settings.COMMENTS_ADDRESS_KEY = "a-brand-new-address-key"
    settings.COMMENTS_ADDRESS_KEY_FALLBACKS = [old_key]
    return made


def test_a_ban_made_under_the_old_key_still_refuses_a_guest(client, rotated):
    response = post_comment(client, make_article(), address=ADDRESS, body="New key, same me.")

    assert_refused(response, "New key, same me.", "your internet connection")


def test_a_ban_matched_under_the_old_key_is_moved_to_the_new_one_for_a_guest(
    client, rotated, settings
):
    post_comment(client, make_article(), address=ADDRESS, body="New key, same me.")

    rotated.refresh_from_db()
    assert rotated.address_hash == hash_address(ADDRESS, "a-brand-new-address-key")


def test_a_ban_matched_under_the_old_key_is_moved_to_the_new_one_for_a_member(
    client, rotated, trusted_member
):
    client.force_login(trusted_member)

    post_comment(client, make_article(), address=ADDRESS, body="Held, and re-keyed.")

    assert Comment.objects.get(body="Held, and re-keyed.").reasons == ["banned-address"]
    rotated.refresh_from_db()
    assert rotated.address_hash == hash_address(ADDRESS, "a-brand-new-address-key")


def test_a_re_keyed_ban_holds_once_the_old_key_is_dropped(
    client, rotated, trusted_member, settings
):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    member = Client()
    member.force_login(trusted_member)
    post_comment(member, make_article(), address=ADDRESS, body="Re-keys the ban.")
    settings.COMMENTS_ADDRESS_KEY_FALLBACKS = []

    response = post_comment(client, make_article(), address=ADDRESS, body="Still banned?")

    assert_refused(response, "Still banned?", "your internet connection")


# --- who may ban ---------------------------------------------------------------------------------


def test_only_moderators_open_the_bans_pages(client, editor_client, moderator):
    made = ban(moderator, Ban.Kind.EMAIL, email="troll@example.com")
    member = Client()
    member.force_login(make_member())

    # Signed out, sent to sign in; signed in without the role, refused.
    for browser, status in ((client, 302), (member, 403), (editor_client, 403)):
        assert browser.get(BANS).status_code == status
        response = browser.post(BANS, {"kind": "email", "email": "x@example.com", "period": "7"})
        assert response.status_code == status
        assert browser.post(f"{BANS}{made.pk}/lift/").status_code == status
    assert Ban.objects.count() == 1
    assert Ban.objects.get().in_force()


def test_the_queue_links_each_comment_to_the_ban_form(moderator_client):
    comment = make_comment(status=PENDING)

    html = text_of(moderator_client.get(QUEUE))

    assert f'href="{BANS}?comment={comment.pk}"' in html
    assert status_of(comment) == PENDING

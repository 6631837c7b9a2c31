"""Posting a comment as a guest or a member, and every way a post can be refused."""

import hashlib
import hmac
import re
import time
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.threads import POSTED_COOKIE
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, SPAM, make_comment
from .helpers import (
    comment_count,
    comment_ids,
    comments_section,
    form_html,
    guest_data,
    issued,
    issued_from,
    post_comment,
    post_url,
    text_of,
    visible_text,
)

pytestmark = pytest.mark.django_db

AWAITING = "Thanks: your comment is awaiting moderation."
PUBLISHED = "Thanks: your comment is published."
NOT_POSTED = "Your comment was not posted: see the notes below."
CLOSED = "Comments are closed on this article."


def textarea_text(html: str) -> str:
    """What the comment box of the (re-rendered) form holds."""
    found = re.search(r'<textarea name="body"[^>]*>\n?(.*?)</textarea>', html, re.DOTALL)
    assert found, "the page has no comment box"
    return unescape(found.group(1))


def input_value(html: str, name: str) -> str:
    found = re.search(rf'<input type="\w+" name="{name}" value="([^"]*)"', html)
    return unescape(found.group(1)) if found else ""


def signed_at(monkeypatch, moment: float) -> str:
    """An `issued` token as a form rendered at `moment` (seconds since the epoch) carries."""
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: moment)
        return issued()


# --- guests --------------------------------------------------------------------------------------


def test_a_guest_comment_waits_and_the_guest_sees_it_marked_as_such(client):
    article = make_article()

    response = post_comment(client, article, body="Good reporting.\nMore like this, please.")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/comments/{comment.pk}/"
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain == [(f"{article.get_absolute_url()}#comment-{comment.pk}", 302)]
    html = text_of(page)
    assert AWAITING in visible_text(html)
    own = re.search(
        rf'<li class="comment comment-pending" id="comment-{comment.pk}">(.*?)</li>',
        comments_section(html),
        re.DOTALL,
    )
    assert own, "the guest does not see their own comment"
    assert "Awaiting moderation" in visible_text(own.group(1))
    assert "Good reporting.<br>More like this, please." in own.group(1)
    assert comment_count(html) == 0
    assert (comment.status, comment.reasons) == (PENDING, ["guest"])
    assert (comment.author_name, comment.author_email, comment.user) == (
        "Dana Guest",
        "dana@example.com",
        None,
    )


def test_a_guests_pending_comment_is_not_shown_to_anyone_else(client):
    article = make_article()
    post_comment(client, article, body="Only I should see this for now.")

    html = text_of(Client().get(article.get_absolute_url()))

    assert "Only I should see this for now." not in html
    assert comment_count(html) == 0
    assert "No comments yet. Be the first." in visible_text(comments_section(html))


def test_a_guest_who_comments_is_remembered_by_a_signed_cookie_not_a_session(client):
    article = make_article()
    client.get(article.get_absolute_url())  # the page is now cached for anonymous readers

    post_comment(client, article, body="Remembered without a session.")

    comment = Comment.objects.get()
    assert not Session.objects.exists()
    cookie = client.cookies[POSTED_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert str(comment.pk) in cookie.value and cookie.value != str(comment.pk)  # signed
    # Their page is their own, not the one cached for everyone.
    assert "Remembered without a session." in text_of(client.get(article.get_absolute_url()))


def test_a_forged_posted_cookie_shows_nobody_a_pending_comment(client):
    article = make_article()
    post_comment(client, article, body="Not for the forger's eyes.")
    comment = Comment.objects.get()

    forger = Client()
    forger.cookies[POSTED_COOKIE] = str(comment.pk)
    html = text_of(forger.get(article.get_absolute_url()))

    assert "Not for the forger's eyes." not in html
    assert forger.get(f"/en/comments/{comment.pk}/").status_code == 404
    assert forger.get(f"/en/comments/{comment.pk}/edit/").status_code == 404


def test_the_browser_remembers_its_last_fifty_guest_comments(client, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    settings.COMMENTS_MAX_PER_HOUR = 100
    article = make_article()
    for n in range(52):
        post_comment(client, article, body=f"Comment number {n} of many.")

    html = text_of(client.get(article.get_absolute_url()))

    assert "Comment number 51 of many." in html
    assert "Comment number 2 of many." in html
    assert "Comment number 1 of many." not in html


def test_a_guest_is_invited_to_sign_in_and_told_the_email_stays_private(client):
    article = make_article()

    html = text_of(client.get(article.get_absolute_url()))

    text = visible_text(comments_section(html))
    assert "Sign in or register to comment with your name." in text
    assert "Your email will not be displayed publicly." in text
    assert f'href="/en/accounts/login/?next={article.get_absolute_url()}%23comment-form"' in html
    form = form_html(html)
    assert 'name="author_name"' in form
    assert 'name="author_email"' in form


# --- members -------------------------------------------------------------------------------------


def test_a_member_posts_under_their_display_name_without_typing_name_or_email(client, member):
    article = make_article()
    client.force_login(member)
    html = text_of(client.get(article.get_absolute_url()))
    form = form_html(html)
    assert "Signed in as Nadia New." in visible_text(comments_section(html))
    assert 'name="author_name"' not in form
    assert 'name="author_email"' not in form

    response = client.post(
        post_url(article),
        {
            "body": "A member's first word.",
            "issued": issued_from(html),
            # Sent anyway by a tampered form: ignored.
            "author_name": "Somebody Else",
            "author_email": "else@example.com",
        },
        REMOTE_ADDR="10.0.0.2",
    )

    assert response.status_code == 302
    comment = Comment.objects.get(body="A member's first word.")
    assert comment.user == member
    assert (comment.author_name, comment.author_email) == ("Nadia New", "nadia@example.com")
    assert (comment.status, comment.reasons) == (PENDING, ["first-comment"])
    assert AWAITING in visible_text(text_of(client.get(response["Location"], follow=True)))


def test_a_member_without_a_display_name_posts_under_their_username(client):
    member = make_member(username="plainname", display_name="")
    client.force_login(member)

    post_comment(client, make_article(), body="Just my username.")

    assert Comment.objects.get(body="Just my username.").author_name == "plainname"


def test_a_trusted_members_comment_is_published_at_once(client, trusted_member):
    article = make_article()
    client.force_login(trusted_member)

    response = post_comment(client, article, body="Straight through.")

    comment = Comment.objects.get(body="Straight through.")
    assert (comment.status, comment.reasons) == (APPROVED, [])
    assert PUBLISHED in visible_text(text_of(client.get(response["Location"], follow=True)))
    html = text_of(Client().get(article.get_absolute_url()))
    assert comment_ids(html) == [comment.pk]
    assert comment_count(html) == 1
    assert "Straight through." in comments_section(html)


# --- invalid forms -------------------------------------------------------------------------------

LONG_BODY = "y" * 3001


@pytest.mark.parametrize(
    ("fields", "error", "kept"),
    [
        ({"body": ""}, "This field is required.", {"author_name": "Dana Guest"}),
        (
            {"body": "   x   "},
            "Ensure this value has at least 2 characters (it has 1).",
            {"body": "x", "author_email": "dana@example.com"},
        ),
        (
            {"body": LONG_BODY},
            "Your text is 3,001 characters long, over the limit of 3,000: please shorten it "
            "by 1. Everything you wrote is still in the box.",
            {"body": LONG_BODY},
        ),
        (
            {"author_email": "dana-at-example", "body": "My careful text."},
            "Enter a valid email address.",
            {"body": "My careful text.", "author_email": "dana-at-example"},
        ),
        (
            {"author_name": "", "body": "My careful text."},
            "This field is required.",
            {"body": "My careful text."},
        ),
        (
            {"author_name": "   ", "body": "My careful text."},
            "This field is required.",
            {"body": "My careful text."},
        ),
        (
            {"author_name": "N" * 61, "body": "My careful text."},
            "Ensure this value has at most 60 characters (it has 61).",
            {"body": "My careful text.", "author_name": "N" * 61},
        ),
    ],
    ids=[
        "empty-body",
        "one-char-body",
        "3001-chars",
        "bad-email",
        "no-name",
        "blank-name",
        "long-name",
    ],
)
def test_an_invalid_comment_is_refused_with_the_readers_text_kept(client, fields, error, kept):
    article = make_article()

    response = post_comment(client, article, **fields)

    assert response.status_code == 400
    html = text_of(response)
    text = visible_text(html)
    assert NOT_POSTED in text
    assert error in text
    form = form_html(html)
    for name, value in kept.items():
        if name == "body":
            assert textarea_text(form).strip() == value
        else:
            assert input_value(form, name) == value
    assert not Comment.objects.exists()


def test_a_body_of_exactly_3000_characters_is_accepted(client):
    response = post_comment(client, make_article(), body="z" * 3000)
    assert response.status_code == 302
    assert len(Comment.objects.get().body) == 3000


def test_the_body_is_stored_without_surrounding_blank_space(client):
    post_comment(client, make_article(), body="\n\n   Trimmed.   \n")
    assert Comment.objects.get().body == "Trimmed."


# --- the signed `issued` token -------------------------------------------------------------------


def test_a_form_kept_open_too_long_must_be_sent_again_and_the_text_is_kept(client, monkeypatch):
    article = make_article()
    max_age = django_settings.COMMENTS_FORM_MAX_AGE_SECONDS
    stale = signed_at(monkeypatch, time.time() - max_age - 60)

    response = post_comment(client, article, body="Written slowly.", issued=stale)

    assert response.status_code == 400
    html = text_of(response)
    assert "This form was open too long. Your text is kept: please send it again." in (
        visible_text(html)
    )
    assert textarea_text(form_html(html)).strip() == "Written slowly."
    assert not Comment.objects.exists()
    # The form that comes back carries a fresh token: sending it again works.
    again = post_comment(client, article, body="Written slowly.", issued=issued_from(html))
    assert again.status_code == 302
    assert Comment.objects.get().body == "Written slowly."


def test_a_form_open_for_a_little_under_the_limit_is_accepted(client, monkeypatch):
    max_age = django_settings.COMMENTS_FORM_MAX_AGE_SECONDS
    token = signed_at(monkeypatch, time.time() - max_age + 60)

    response = post_comment(client, make_article(), issued=token)

    assert response.status_code == 302


@pytest.mark.parametrize(
    "token",
    [
        "comment:1abcde:forged-signature",
        signing.TimestampSigner(salt="another.form").sign("comment"),
        signing.TimestampSigner(key="another-key", salt="comments.form").sign("comment"),
        "",
    ],
    ids=["forged", "other-salt", "other-key", "missing"],
)
def test_a_forged_or_missing_token_is_refused_and_the_text_is_kept(client, token):
    response = post_comment(client, make_article(), body="Sent by a script?", issued=token)

    assert response.status_code == 400
    html = text_of(response)
    assert textarea_text(form_html(html)).strip() == "Sent by a script?"
    if token:
        assert (
            "This form could not be checked. Your text is kept: please send it again."
            in visible_text(html)
        )
    assert not Comment.objects.exists()


# --- closed, unpublished, wrong method -----------------------------------------------------------


def old_article():
    return make_article(published_at=timezone.now() - timedelta(days=31))


@pytest.mark.parametrize("make_closed", [lambda: make_article(comments_enabled=False), old_article])
def test_posting_on_a_closed_article_is_forbidden(client, make_closed):
    article = make_closed()

    response = post_comment(client, article, body="Too late for this one.")

    assert response.status_code == 403
    html = text_of(response)
    assert CLOSED in visible_text(comments_section(html))
    assert form_html(html) == ""
    assert not Comment.objects.exists()


def test_posting_on_a_closed_article_keeps_the_readers_text(client):
    article = make_article(comments_enabled=False)

    response = post_comment(client, article, body="A long reply I typed before it closed.")

    assert response.status_code == 403
    assert "A long reply I typed before it closed." in text_of(response)


@pytest.mark.parametrize("make_closed", [lambda: make_article(comments_enabled=False), old_article])
def test_a_closed_article_shows_its_comments_but_no_form_and_no_reply_links(client, make_closed):
    article = make_closed()
    comment = make_comment(article, body="Said while it was open.")

    html = text_of(client.get(article.get_absolute_url()))

    section = comments_section(html)
    assert comment_ids(html) == [comment.pk]
    assert CLOSED in visible_text(section)
    assert form_html(html) == ""
    assert "Leave a comment" not in section
    assert "reply_to=" not in section


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(hours=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_posting_on_an_unpublished_article_is_not_found(client, fields):
    article = make_article(**fields)

    response = post_comment(client, article)

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_opening_the_post_address_sends_the_reader_to_the_article_form(client):
    # A link followed from a refused comment's page (which is served at this address).
    article = make_article()
    comment = make_comment(article)

    response = client.get(post_url(article), {"reply_to": comment.pk})

    assert response.status_code == 302
    assert response["Location"] == (
        f"{article.get_absolute_url()}?reply_to={comment.pk}#comment-form"
    )
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_post_address_refuses_other_methods(client, method):
    article = make_article()

    response = getattr(client, method)(post_url(article))

    assert response.status_code == 405
    assert not Comment.objects.exists()


# --- flood control -------------------------------------------------------------------------------


def test_a_second_comment_within_the_interval_from_one_address_must_wait(client):
    article = make_article()
    assert post_comment(client, article, address="10.0.0.9", body="First.").status_code == 302

    response = post_comment(Client(), article, address="10.0.0.9", body="Second, too soon.")

    assert response.status_code == 429
    html = text_of(response)
    assert "Please wait a few seconds before posting another comment (one every 15 seconds)." in (
        visible_text(html)
    )
    assert textarea_text(form_html(html)).strip() == "Second, too soon."
    assert list(Comment.objects.values_list("body", flat=True)) == ["First."]


def test_another_address_may_post_at_once(client):
    article = make_article()
    post_comment(client, article, address="10.0.0.9", body="First.")

    response = post_comment(client, article, address="10.0.0.10", body="From elsewhere.")

    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_a_refused_comment_does_not_count_towards_the_flood(client):
    article = make_article()
    assert post_comment(client, article, address="10.0.0.9", body="x").status_code == 400

    assert post_comment(client, article, address="10.0.0.9").status_code == 302


def test_an_account_may_post_ten_comments_an_hour_from_any_addresses(client, member):
    article = make_article()
    client.force_login(member)
    for n in range(1, 11):
        response = post_comment(client, article, address=f"10.0.1.{n}", body=f"Comment {n}.")
        assert response.status_code == 302, n

    response = post_comment(client, article, address="10.0.1.99", body="The eleventh.")

    assert response.status_code == 429
    html = text_of(response)
    assert "You have posted 10 comments in the last hour, the most we take." in (visible_text(html))
    assert textarea_text(form_html(html)).strip() == "The eleventh."
    assert Comment.objects.filter(user=member).count() == 10
    # Another account is not held back by it.
    other = Client()
    other.force_login(make_member())
    assert post_comment(other, article, address="10.0.1.100").status_code == 302


def test_one_address_may_post_ten_comments_an_hour(client, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0  # no gap between posts: only the hourly count
    article = make_article()
    for n in range(10):
        assert post_comment(Client(), article, address="10.0.2.1").status_code == 302, n

    assert post_comment(Client(), article, address="10.0.2.1").status_code == 429
    assert post_comment(Client(), article, address="10.0.2.2").status_code == 302


# --- replies -------------------------------------------------------------------------------------


def test_the_reply_link_opens_the_form_as_a_reply(client):
    article = make_article()
    comment = make_comment(article, author_name="Omar")

    html = text_of(client.get(f"{article.get_absolute_url()}?reply_to={comment.pk}"))

    assert "Replying to a comment." in visible_text(html)
    assert f'name="parent" value="{comment.pk}"' in form_html(html)


def test_a_reply_to_an_approved_comment_is_stored_under_it(client):
    article = make_article()
    parent = make_comment(article)

    response = post_comment(client, article, body="I disagree.", parent=str(parent.pk))

    assert response.status_code == 302
    reply = Comment.objects.get(body="I disagree.")
    assert reply.parent == parent


def test_a_reply_to_a_reply_joins_the_top_level_thread(client):
    article = make_article()
    top = make_comment(article)
    reply = make_comment(article, parent=top)

    post_comment(client, article, body="Replying to the reply.", parent=str(reply.pk))

    assert Comment.objects.get(body="Replying to the reply.").parent == top


def test_a_reply_is_shown_under_its_thread_once_approved(client):
    article = make_article()
    top = make_comment(article, body="The first word.")
    reply = make_comment(article, parent=top, body="The answer.")

    html = text_of(client.get(article.get_absolute_url()))

    thread = re.search(
        rf'id="comment-{top.pk}">(.*?)<ol class="comment-replies">(.*?)</ol>',
        comments_section(html),
        re.DOTALL,
    )
    assert thread, "the reply is not nested under its thread"
    assert f'id="comment-{reply.pk}"' in thread.group(2)
    assert "The answer." in thread.group(2)


@pytest.mark.parametrize("status", [PENDING, Comment.Status.REJECTED, SPAM])
def test_a_reply_to_a_comment_that_is_not_shown_is_refused(client, status):
    article = make_article()
    hidden = make_comment(article, status=status)

    response = post_comment(client, article, body="Replying anyway.", parent=str(hidden.pk))

    assert response.status_code == 400
    html = text_of(response)
    assert "The comment you replied to is no longer shown." in visible_text(html)
    assert textarea_text(form_html(html)).strip() == "Replying anyway."
    assert not Comment.objects.filter(body="Replying anyway.").exists()


def test_a_reply_to_a_comment_on_another_article_is_refused(client):
    elsewhere = make_comment()

    response = post_comment(client, make_article(), parent=str(elsewhere.pk))

    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_a_reply_to_a_made_up_comment_number_is_refused(client):
    assert post_comment(client, make_article(), parent="abc").status_code == 400
    assert post_comment(client, make_article(), parent="999999").status_code == 400
    assert not Comment.objects.exists()


def test_an_odd_reply_to_parameter_does_not_break_the_article_page(client):
    article = make_article()

    response = client.get(f"{article.get_absolute_url()}?reply_to=%C2%B2")

    assert response.status_code == 200


# --- the honeypot --------------------------------------------------------------------------------


def test_a_filled_honeypot_is_stored_as_spam_and_the_sender_is_thanked_as_usual(client):
    article = make_article()

    response = post_comment(client, article, body="Buy my stuff.", website="https://spam.example")

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.reasons) == (SPAM, ["honeypot"])
    # To its sender it looks like any comment awaiting moderation...
    html = text_of(client.get(response["Location"], follow=True))
    assert AWAITING in visible_text(html)
    assert comment_count(html) == 0
    # ...and nobody else ever sees it.
    other = Client()
    assert "Buy my stuff." not in text_of(other.get(article.get_absolute_url()))
    assert other.get(f"/en/comments/{comment.pk}/").status_code == 404


def test_a_bot_cannot_tell_from_the_answer_that_it_was_caught(client):
    article = make_article()

    genuine = post_comment(Client(), article, address="10.0.0.3")
    caught = post_comment(Client(), article, address="10.0.0.4", website="https://spam.example")

    shape = re.compile(r"^/en/comments/\d+/$")
    assert shape.match(genuine["Location"])
    assert shape.match(caught["Location"])


# --- what is kept of the client ------------------------------------------------------------------


def test_only_a_keyed_hash_of_the_address_is_stored(client):
    post_comment(client, make_article(), address="10.0.0.7")

    comment = Comment.objects.get()
    assert re.fullmatch(r"[0-9a-f]{64}", comment.client_hash)
    expected = hmac.new(
        django_settings.COMMENTS_ADDRESS_KEY.encode(), b"10.0.0.7", hashlib.sha256
    ).hexdigest()
    assert comment.client_hash == expected
    row = Comment.objects.filter(pk=comment.pk).values().get()
    assert not [name for name, value in row.items() if "10.0.0.7" in str(value)]
    assert hashlib.sha256(b"10.0.0.7").hexdigest() != comment.client_hash  # keyed, not bare


def test_comments_from_one_address_share_a_fingerprint_others_do_not(client, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    article = make_article()
    for address in ("10.0.0.7", "10.0.0.7", "10.0.0.8"):
        post_comment(Client(), article, address=address)

    first, second, third = Comment.objects.order_by("pk")
    assert first.fingerprint == second.fingerprint
    assert first.fingerprint != third.fingerprint


# --- CSRF ----------------------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_forbidden():
    article = make_article()
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(post_url(article), guest_data())

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_post_with_the_pages_csrf_token_is_accepted():
    article = make_article()
    browser = Client(enforce_csrf_checks=True)
    html = text_of(browser.get(article.get_absolute_url()))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html(html)).group(1)

    response = browser.post(
        post_url(article), guest_data(issued=issued_from(html), csrfmiddlewaretoken=token)
    )

    assert response.status_code == 302
    assert Comment.objects.count() == 1

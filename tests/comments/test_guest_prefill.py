"""A browser that confirmed a guest's address finds the comment form filled in with their
name and email, and no other reader ever gets them, whatever the page cache holds."""

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client

from comments.guests import COOKIE_NAME, COOKIE_SALT, confirmed_guest
from comments.models import Comment
from tests.articles.factories import make_article

from .helpers import form_html, post_comment, start_tags, text_of
from .safety import confirm_path

pytestmark = pytest.mark.django_db

NAME = "Karwan Salih"
EMAIL = "karwan.salih@example.com"


def field_values(html: str) -> dict[str, str]:
    """The name and email a reader finds in the comment form ("" when empty)."""
    form = form_html(html)
    assert form, "the page has no comment form"
    return {
        attrs["name"]: attrs.get("value") or ""
        for tag, attrs in start_tags(form)
        if tag == "input" and attrs.get("name") in ("author_name", "author_email")
    }


def confirmed_browser(article) -> Client:
    """A guest's browser that posted once and followed the link the site mailed it."""
    browser = Client()
    post_comment(
        browser, article, confirmed=False, author_name=NAME, author_email=EMAIL, address="10.4.0.1"
    )
    response = browser.post(confirm_path())
    assert response.status_code == 302
    # Only the address cookie, not the comments this browser posted: that one alone
    # already gets pages of their own.
    fresh = Client()
    fresh.cookies[COOKIE_NAME] = browser.cookies[COOKIE_NAME].value
    return fresh


def test_a_confirmed_guest_finds_their_name_and_email_filled_in():
    article = make_article()
    guest = confirmed_browser(article)

    html = text_of(guest.get(make_article().get_absolute_url()))

    assert field_values(html) == {"author_name": NAME, "author_email": EMAIL}


def test_another_reader_after_them_gets_an_empty_form():
    article = make_article()
    guest = confirmed_browser(article)

    mine = guest.get(article.get_absolute_url())
    theirs = Client().get(article.get_absolute_url())
    again = Client().get(article.get_absolute_url())

    assert field_values(text_of(mine)) == {"author_name": NAME, "author_email": EMAIL}
    assert field_values(text_of(theirs)) == {"author_name": "", "author_email": ""}
    assert field_values(text_of(again)) == {"author_name": "", "author_email": ""}
    assert EMAIL not in text_of(theirs) + text_of(again)
    assert "private" in mine["Cache-Control"]


def test_a_page_cached_before_them_is_not_what_the_guest_gets():
    article = make_article()
    guest = confirmed_browser(article)
    Client().get(article.get_absolute_url())  # the page is now in the shared cache

    mine = text_of(guest.get(article.get_absolute_url()))
    theirs = text_of(Client().get(article.get_absolute_url()))

    assert field_values(mine) == {"author_name": NAME, "author_email": EMAIL}
    assert field_values(theirs) == {"author_name": "", "author_email": ""}


def test_the_name_they_last_used_is_the_one_filled_in(settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    article = make_article()
    guest = confirmed_browser(article)

    response = post_comment(
        guest, article, confirmed=False, author_name="K. Salih", author_email=EMAIL
    )

    assert response.status_code == 302
    assert Comment.objects.filter(author_name="K. Salih").exists()
    html = text_of(guest.get(article.get_absolute_url()))
    assert field_values(html) == {"author_name": "K. Salih", "author_email": EMAIL}


def test_a_cookie_from_before_names_were_kept_still_confirms_and_fills_the_email():
    """Browsers confirmed before this change carry the address alone, signed as a plain
    cookie: they stay confirmed, and find their email filled in."""
    response = HttpResponse()
    response.set_signed_cookie(COOKIE_NAME, EMAIL, salt=COOKIE_SALT)
    old = Client()
    old.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    article = make_article()

    html = text_of(old.get(article.get_absolute_url()))
    post_comment(old, article, confirmed=False, author_name=NAME, author_email=EMAIL)

    assert field_values(html) == {"author_name": "", "author_email": EMAIL}
    assert Comment.objects.get().status == Comment.Status.PENDING  # not awaiting a link
    assert mail.outbox == []


def test_an_altered_cookie_fills_in_nothing(rf):
    guest = confirmed_browser(make_article())
    value = guest.cookies[COOKIE_NAME].value
    tampered = value[:-1] + ("A" if value[-1] != "A" else "B")
    request = rf.get("/en/")
    request.COOKIES[COOKIE_NAME] = tampered

    assert confirmed_guest(request) is None
    stranger = Client()
    stranger.cookies[COOKIE_NAME] = tampered
    html = text_of(stranger.get(make_article().get_absolute_url()))
    assert field_values(html) == {"author_name": "", "author_email": ""}

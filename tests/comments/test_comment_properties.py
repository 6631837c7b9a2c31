"""Property tests: random text (Hypothesis) through the comment form and the edit form.

For any name and body: no 5xx; either the comment is saved (a 302 to it) with the name
and text as typed (spaces at the ends, direction controls and CR LF line breaks aside),
or the form comes back with a 4xx, a message, and the reader's text in it. Nothing on the
answer can run script.
"""

import re

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from comments.models import Comment
from comments.text import strip_direction_controls
from tests.articles.factories import make_article
from tests.test_hostile_input import ERROR_MESSAGE, problems_in
from tests.test_properties import any_text, examples, markup

from .helpers import confirm_in, guest_data, post_url, start_tags, text_of
from .safety import textarea_text

pytestmark = pytest.mark.django_db

GUEST_EMAIL = "dana@example.com"
# Control characters and the rest of Unicode, often; short and long, often.
texts = st.one_of(any_text, markup, st.text(st.characters(codec="utf-8"), min_size=1))


@pytest.fixture
def article(settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    settings.COMMENTS_MAX_PER_HOUR = 1_000_000
    return make_article()


def name_in_form(html: str) -> str | None:
    for tag, attrs in start_tags(html):
        if tag == "input" and attrs.get("name") == "author_name":
            return attrs.get("value") or ""
    return None


def as_saved(typed: str) -> str:
    """What is kept of a text: without direction controls (comments.text), each line break
    once (browsers send CR LF), and without blank space at either end."""
    return strip_direction_controls(typed).replace("\r\n", "\n").strip()


def kept(shown: str | None, sent: str) -> bool:
    """The text came back (whitespace-only text may come back as other whitespace)."""
    if shown is None:
        return False
    return shown == sent or (sent.strip() == "" and shown.strip() == "")


@examples
@given(name=texts, body=texts)
def test_the_comment_form_answers_any_name_and_body(article, name, body):
    browser = Client()
    confirm_in(browser, GUEST_EMAIL)
    response = browser.post(post_url(article), guest_data(author_name=name, body=body))

    assert response.status_code < 500
    if response.status_code == 302:
        pk = int(re.fullmatch(r"/en/comments/(\d+)/", response["Location"]).group(1))
        comment = Comment.objects.get(pk=pk)
        assert comment.author_name == as_saved(name)
        assert comment.body == as_saved(body)
        return
    assert 400 <= response.status_code < 500
    html = text_of(response)
    assert problems_in(html) == []
    assert ERROR_MESSAGE.search(html), "refused without saying why"
    assert kept(textarea_text(html, "body"), body), "the body was lost"
    assert kept(name_in_form(html), name), "the name was lost"


@examples
@given(body=texts)
def test_the_edit_form_answers_any_body(article, body):
    browser = Client()
    confirm_in(browser, GUEST_EMAIL)
    posted = browser.post(post_url(article), guest_data())
    pk = int(re.fullmatch(r"/en/comments/(\d+)/", posted["Location"]).group(1))

    response = browser.post(f"/en/comments/{pk}/edit/", {"body": body})

    assert response.status_code < 500
    if response.status_code == 302:
        assert Comment.objects.get(pk=pk).body == as_saved(body)
        return
    html = text_of(response)
    assert problems_in(html) == []
    assert ERROR_MESSAGE.search(html), "refused without saying why"
    assert kept(textarea_text(html, "body"), body), "the body was lost"

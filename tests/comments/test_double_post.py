"""A form sent twice (a double click, a browser retrying a POST) saves one comment."""

import pytest
from django.test import Client

from comments.models import Comment
from comments.readers import ANONYMOUS
from comments.refusals import DuplicatePost
from comments.services import comment_create
from tests.articles.factories import make_article

from .helpers import guest_data, issued_from, post_comment, post_url, text_of, visible_text

pytestmark = pytest.mark.django_db

ALREADY = "Your comment was already sent; it is saved once."


def test_the_same_form_sent_twice_saves_one_comment_and_shows_it(client, settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    article = make_article()
    data = guest_data(body="Sent with a double click.")

    first = post_comment(client, article, **data)
    again = post_comment(client, article, **data)

    comment = Comment.objects.get()
    assert first["Location"] == again["Location"] == comment.get_absolute_url()
    page = client.get(again["Location"], follow=True)
    assert ALREADY in visible_text(text_of(page))


def test_a_resent_form_is_not_counted_against_the_flood_limit(client):
    # One comment every 15 seconds: the retry must not be told to wait, nor saved.
    article = make_article()
    data = guest_data(body="Retried by the browser.")
    post_comment(client, article, **data)

    again = post_comment(client, article, **data)

    assert again.status_code == 302
    assert Comment.objects.count() == 1


def test_a_browser_whose_first_answer_was_lost_is_still_shown_its_comment(client):
    # The first response (and the session cookie in it) never arrived: the browser
    # sends the same form again with none of the cookies it would have got.
    article = make_article()
    data = guest_data(body="Sent, then the connection dropped.")
    post_comment(client, article, **data)
    retrying = Client()

    again = retrying.post(post_url(article), data, REMOTE_ADDR="10.0.0.1")

    comment = Comment.objects.get()
    assert again["Location"] == comment.get_absolute_url()
    page = text_of(retrying.get(again["Location"], follow=True))
    assert "Sent, then the connection dropped." in page
    assert Comment.objects.count() == 1


def test_every_rendering_of_the_form_carries_its_own_token(client):
    article = make_article()

    one = issued_from(text_of(client.get(article.get_absolute_url())))
    two = issued_from(text_of(client.get(article.get_absolute_url())))

    assert one != two


def test_two_saves_with_one_token_raise_duplicate_post_with_the_first():
    article = make_article()
    first = comment_create(
        article=article,
        reader=ANONYMOUS,
        body="Once.",
        author_name="A",
        author_email="a@example.com",
        form_token="same-token",
    )

    with pytest.raises(DuplicatePost) as raised:
        comment_create(
            article=article,
            reader=ANONYMOUS,
            body="Twice.",
            author_name="A",
            author_email="a@example.com",
            form_token="same-token",
        )

    assert raised.value.comment == first
    assert Comment.objects.count() == 1

"""After posting, the reader is told what became of their comment at the comment itself,
where the redirect lands (#comment-N), announced as a status, and only once."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from comments.models import Comment
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import make_comment
from .helpers import confirm_in, guest_data, post_comment, post_url, text_of, visible_text

pytestmark = pytest.mark.django_db

ONE_MORE_STEP = "Thanks. One more step: we have emailed a link to"
AWAITING = "Thanks: your comment is awaiting moderation."
PUBLISHED = "Thanks: your comment is published."


def land(client, response):
    """Follow the post's redirects as a browser does; the page, and the anchor it names."""
    assert response.status_code == 302
    followed = client.get(response["Location"], follow=True)
    final_url = followed.redirect_chain[-1][0]
    return text_of(followed), urlsplit(final_url).fragment


def element_with_id(html: str, ident: str) -> str:
    """The start of the element with id `ident`, up to its first nested list."""
    found = re.search(rf'<(\w+)[^>]*\bid="{ident}"[^>]*>(.*?)(?:<ol|</\1>)', html, re.DOTALL)
    assert found, f"nothing on the page has id={ident}"
    return found.group(2)


def statuses(html: str) -> list[str]:
    """What each role="status" element says, as a screen reader reads it."""
    found = re.findall(r'<(\w+)[^>]*role="status"[^>]*>(.*?)</\1>', html, re.DOTALL)
    return [visible_text(inside) for _, inside in found]


def top_messages(html: str) -> str:
    found = re.search(r'<div class="wrap messages"[^>]*>(.*?)</div>', html, re.DOTALL)
    return visible_text(found.group(1)) if found else ""


def test_a_guest_awaiting_confirmation_is_told_so_inside_the_comment_they_land_on(client):
    article = make_article()

    html, anchor = land(client, post_comment(client, article, confirmed=False))

    comment = Comment.objects.get()
    assert anchor == comment.anchor
    at_the_comment = element_with_id(html, anchor)
    assert 'role="status"' in at_the_comment
    assert visible_text(at_the_comment).startswith(ONE_MORE_STEP)
    (status,) = statuses(html)
    assert status.startswith(ONE_MORE_STEP)
    assert ONE_MORE_STEP not in top_messages(html)


def test_a_held_comment_says_it_awaits_moderation_at_the_comment(client):
    html, anchor = land(client, post_comment(client, make_article()))

    assert visible_text(element_with_id(html, anchor)).startswith(AWAITING)
    assert statuses(html) == [f"{AWAITING} Follow your comment’s status."]


def test_a_published_comment_says_so_inside_it_in_the_thread(client, settings):
    settings.COMMENTS_PER_PAGE = 5
    member = make_member()
    make_comment(user=member)  # trusted: posts straight through
    article = make_article()
    for n in range(12):
        make_comment(article, body=f"Earlier comment {n}.")
    client.force_login(member)

    html, anchor = land(client, post_comment(client, article, body="Mine, on page three."))

    comment = Comment.objects.get(body="Mine, on page three.")
    assert comment.status == Comment.Status.APPROVED
    assert anchor == comment.anchor
    inside = element_with_id(html, anchor)
    assert visible_text(inside).startswith(PUBLISHED)
    assert "Mine, on page three." in inside
    assert statuses(html) == [f"{PUBLISHED} Follow your comment’s status."]


def test_other_readers_of_the_thread_are_told_nothing(client):
    member = make_member()
    make_comment(user=member)
    article = make_article()
    client.force_login(member)

    land(client, post_comment(client, article, body="Mine, published."))
    other = text_of(Client().get(article.get_absolute_url()))

    assert "Mine, published." in other
    assert statuses(other) == []
    assert "Thanks" not in visible_text(other)


def test_the_outcome_is_said_once(client):
    article = make_article()
    land(client, post_comment(client, article))

    again = text_of(client.get(article.get_absolute_url()))

    assert AWAITING not in visible_text(again)
    assert statuses(again) == []


def test_a_form_sent_twice_says_so_at_the_comment(client):
    article = make_article()
    data = guest_data(body="Sent twice by a double click.")
    confirm_in(client, data["author_email"])
    client.post(post_url(article), data, REMOTE_ADDR="10.0.0.1")

    html, anchor = land(client, client.post(post_url(article), data, REMOTE_ADDR="10.0.0.1"))

    assert anchor == Comment.objects.get().anchor
    assert visible_text(element_with_id(html, anchor)).startswith(
        "Your comment was already sent; it is saved once."
    )


def test_messages_about_other_things_stay_at_the_top_of_the_page(client):
    article = make_article()
    land(client, post_comment(client, article, body="The first version of my view."))
    comment = Comment.objects.get()

    response = client.post(f"/en/comments/{comment.pk}/edit/", {"body": "The second version."})
    html = text_of(client.get(response["Location"], follow=True))

    assert top_messages(html) == "Your comment was updated and waits for a moderator again."

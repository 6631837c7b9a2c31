"""The private, signed page where a commenter follows their comment: pending, published or
rejected, and the reason a moderator gave."""

import pytest
from django.core import mail
from django.test import Client

from comments.models import Comment
from tests.articles.factories import make_article

from .factories import PENDING
from .helpers import post_comment, text_of, visible_text
from .safety import (
    QUEUE,
    confirm_path,
    make_reason,
    messages_html,
    status_link_in,
    status_path,
    tampered,
)

pytestmark = pytest.mark.django_db

EMAIL = "private.person@example.com"


def post_and_follow(client, article, **fields):
    """Post a guest's comment and return the page its thanks message is shown on."""
    fields.setdefault("author_email", EMAIL)
    response = post_comment(client, article, **fields)
    return text_of(client.get(response["Location"], follow=True))


def status_line(html: str) -> str:
    return visible_text(html.split('<p class="status-line', 1)[1].split("</p>", 1)[0])


@pytest.fixture
def off_topic(db):
    return make_reason(
        label="Strayed", explanation="Comments should be about the article they are under."
    )


# --- the link in the thanks message --------------------------------------------------------------


def test_the_thanks_for_a_held_comment_carries_a_status_link(client):
    html = post_and_follow(client, make_article(), body="Waiting, and I want to know.")

    link = status_link_in(html)
    assert "Follow your comment’s status" in messages_html(html)
    page = Client().get(link)  # the link works in any browser: it is the key
    assert page.status_code == 200
    assert "Waiting, and I want to know." in text_of(page)
    assert "Status: Waiting for a moderator." in status_line(text_of(page))


def test_the_thanks_for_an_unconfirmed_comment_carries_the_same_link_as_the_mail(client):
    html = post_and_follow(client, make_article(), confirmed=False)

    assert status_link_in(html) == status_path(mail.outbox[0])
    page = text_of(client.get(status_link_in(html)))
    assert "Waiting for you to confirm your email address" in status_line(page)


def test_each_comment_has_a_status_link_of_its_own(settings):
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    article = make_article()
    first = status_link_in(post_and_follow(Client(), article, body="First of mine."))
    second = status_link_in(post_and_follow(Client(), article, body="Second of mine."))

    assert first != second
    assert "First of mine." in text_of(Client().get(first))
    assert "Second of mine." in text_of(Client().get(second))


# --- what the page says --------------------------------------------------------------------------


def test_the_page_follows_the_comment_from_confirmation_to_publication(client, moderator_client):
    article = make_article()
    link = status_link_in(post_and_follow(client, article, confirmed=False))
    assert "confirm your email address" in status_line(text_of(Client().get(link)))

    client.post(confirm_path())
    assert "Waiting for a moderator" in status_line(text_of(Client().get(link)))

    comment = Comment.objects.get()
    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})
    html = text_of(Client().get(link))
    assert "Status: Published." in status_line(html)
    assert f'<a href="{comment.get_absolute_url()}">See it under the article</a>' in html


def test_a_rejected_comment_shows_the_moderators_reason_and_explanation(
    client, moderator_client, off_topic
):
    link = status_link_in(post_and_follow(client, make_article(), body="About something else."))
    comment = Comment.objects.get()

    moderator_client.post(
        QUEUE, {"decide": f"reject:{comment.pk}", f"reason_{comment.pk}": off_topic.pk}
    )

    text = visible_text(text_of(Client().get(link)))
    assert "Status: Not published: a moderator rejected it." in text
    assert "Reason: Strayed: Comments should be about the article they are under." in text


def test_a_comment_rejected_in_bulk_shows_the_reason_given(client, moderator_client, off_topic):
    link = status_link_in(post_and_follow(client, make_article()))
    comment = Comment.objects.get()

    moderator_client.post(
        QUEUE,
        {"bulk": "1", "bulk_action": "reject", "ids": [comment.pk], "bulk_reason": off_topic.pk},
    )

    assert "Reason: Strayed" in visible_text(text_of(Client().get(link)))


def test_a_comment_rejected_without_a_reason_shows_no_reason(client, moderator_client, off_topic):
    link = status_link_in(post_and_follow(client, make_article()))
    comment = Comment.objects.get()

    moderator_client.post(QUEUE, {"decide": f"reject:{comment.pk}"})

    text = visible_text(text_of(Client().get(link)))
    assert "Not published: a moderator rejected it." in text
    assert "Reason:" not in text


def test_a_comment_approved_again_after_a_rejection_shows_no_old_reason(
    client, moderator_client, off_topic
):
    link = status_link_in(post_and_follow(client, make_article()))
    comment = Comment.objects.get()
    moderator_client.post(
        QUEUE, {"decide": f"reject:{comment.pk}", f"reason_{comment.pk}": off_topic.pk}
    )

    moderator_client.post(QUEUE + "?tab=rejected", {"decide": f"approve:{comment.pk}"})

    text = visible_text(text_of(Client().get(link)))
    assert "Status: Published." in text
    assert "Strayed" not in text


def test_a_honeypot_comments_status_page_does_not_tell_the_bot_it_was_caught():
    article = make_article()
    person, bot = Client(), Client()
    genuine = status_link_in(post_and_follow(person, article, address="10.2.0.1"))
    caught = status_link_in(
        post_and_follow(bot, article, address="10.2.0.2", website="https://spam.example")
    )

    assert status_line(text_of(bot.get(caught))) == status_line(text_of(person.get(genuine)))


# --- links that do not work, and privacy ---------------------------------------------------------


def test_a_tampered_status_link_is_refused(client):
    link = status_link_in(post_and_follow(client, make_article(), body="Mine alone."))

    response = Client().get(tampered(link))

    assert response.status_code == 400
    assert "This link does not work" in visible_text(text_of(response))
    assert "Mine alone." not in text_of(response)


def test_a_confirmation_link_is_no_status_link(client):
    post_and_follow(client, make_article(), confirmed=False)
    token = confirm_path().rstrip("/").rpartition("/")[2]

    assert Client().get(f"/en/comments/status/{token}/").status_code == 400


def test_the_status_page_of_a_deleted_comment_is_not_found(client):
    link = status_link_in(post_and_follow(client, make_article()))
    Comment.objects.get().delete()

    assert Client().get(link).status_code == 404


def test_the_status_page_is_kept_out_of_search_engines_and_caches(client):
    link = status_link_in(post_and_follow(client, make_article()))

    response = Client().get(link)

    assert '<meta name="robots" content="noindex' in text_of(response)
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_status_page_never_shows_the_guests_email(client, moderator_client, off_topic):
    link = status_link_in(post_and_follow(client, make_article(), confirmed=False))
    comment = Comment.objects.get()
    pages = [text_of(Client().get(link))]
    client.post(confirm_path())
    pages.append(text_of(Client().get(link)))
    moderator_client.post(
        QUEUE, {"decide": f"reject:{comment.pk}", f"reason_{comment.pk}": off_topic.pk}
    )
    pages.append(text_of(Client().get(link)))

    assert comment.author_email == EMAIL
    for html in pages:
        assert EMAIL not in html
        assert "private.person" not in html


def test_a_members_held_comment_has_a_status_link_too(client, member):
    client.force_login(member)
    response = post_comment(client, make_article(), body="A member waits.")
    html = text_of(client.get(response["Location"], follow=True))

    assert Comment.objects.get().status == PENDING
    assert "A member waits." in text_of(Client().get(status_link_in(html)))

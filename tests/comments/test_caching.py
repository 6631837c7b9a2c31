"""What the caches may and may not show: never a pending comment, and a decision at once."""

import re

import pytest
from django.test import Client

from comments.models import Comment
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, make_comment
from .helpers import comment_count, comment_ids, post_comment, sidebar, text_of

UNCONFIRMED = Comment.Status.UNCONFIRMED

pytestmark = pytest.mark.django_db


def decide(moderator_client, comment, action):
    return moderator_client.post(
        "/en/comments/moderation/", {"decide": f"{action}:{comment.pk}"}, follow=True
    )


def test_a_pending_comment_never_reaches_another_readers_cached_page(client):
    article = make_article()
    make_comment(article, body="Already approved remark.")
    url = article.get_absolute_url()
    client.get(url)  # the page is now cached for anonymous readers

    poster = Client()
    post_comment(poster, article, body="Waiting for the moderators.")
    own_page = text_of(poster.get(url))
    other_page = text_of(Client().get(url))

    assert "Waiting for the moderators." in own_page
    assert "Waiting for the moderators." not in other_page
    assert comment_count(other_page) == 1
    assert "Waiting for the moderators." not in sidebar(other_page)
    # Nor does the poster's own page leak it into what others are served afterwards.
    assert "Waiting for the moderators." not in text_of(Client().get(url))


def test_approving_refreshes_the_block_the_count_and_the_sidebar_at_once(client, moderator_client):
    article = make_article()
    make_comment(article, body="The first remark.")
    waiting = make_comment(article, status=PENDING, body="A remark worth approving.")
    url = article.get_absolute_url()
    before = text_of(client.get(url))
    front_before = text_of(client.get("/en/"))
    assert comment_count(before) == 1
    assert "A remark worth approving." not in sidebar(front_before)

    decide(moderator_client, waiting, "approve")

    after = text_of(client.get(url))
    assert waiting.pk in comment_ids(after)
    assert comment_count(after) == 2
    assert "A remark worth approving." in sidebar(after)
    assert "A remark worth approving." in sidebar(text_of(client.get("/en/")))


def test_rejecting_takes_a_comment_out_of_the_cached_block_count_and_sidebar(
    client, moderator_client
):
    article = make_article()
    kept = make_comment(article, body="A remark that stays.")
    dropped = make_comment(article, body="A remark to be rejected.")
    url = article.get_absolute_url()
    assert comment_count(text_of(client.get(url))) == 2

    decide(moderator_client, dropped, "reject")

    after = text_of(client.get(url))
    assert comment_ids(after) == [kept.pk]
    assert comment_count(after) == 1
    assert "A remark to be rejected." not in sidebar(after)


def test_a_list_card_count_follows_a_decision_at_once(client, moderator_client):
    article = make_article(headline="Counted story")
    make_comment(article)
    waiting = make_comment(article, status=PENDING)
    assert "1 comment<" in text_of(client.get("/en/"))

    decide(moderator_client, waiting, "approve")

    assert "2 comments<" in text_of(client.get("/en/"))


def test_each_reader_gets_their_own_csrf_token_and_can_post_with_it(client):
    article = make_article()
    url = article.get_absolute_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for browser in (first, second):
        html = text_of(browser.get(url))
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert tokens[0] != tokens[1]

    issued = re.search(r'name="issued" value="([^"]+)"', text_of(second.get(url))).group(1)
    response = second.post(
        f"/en/comments/on/{article.pk}/",
        {
            "csrfmiddlewaretoken": tokens[1],
            "author_name": "Dana",
            "author_email": "dana@example.com",
            "body": "Posted from a cached page.",
            "website": "",
            "issued": issued,
        },
    )
    assert response.status_code == 302
    # A first comment from that address waits for the emailed confirmation.
    assert Comment.objects.filter(body="Posted from a cached page.", status=UNCONFIRMED).exists()


def test_each_reader_of_a_cached_page_gets_a_form_token_of_their_own():
    article = make_article()
    url = article.get_absolute_url()

    tokens = {
        re.search(r'name="issued" value="([^"]+)"', text_of(Client().get(url))).group(1)
        for _ in range(3)
    }

    assert len(tokens) == 3
    assert "per-reader" not in text_of(Client().get(url))


def test_anonymous_list_pages_may_be_kept_by_a_cdn_but_form_pages_may_not(client):
    article = make_article()
    make_comment(article, status=APPROVED)

    front = client.get("/en/")
    article_page = client.get(article.get_absolute_url())

    assert "public" in front["Cache-Control"] and "max-age=" in front["Cache-Control"]
    assert "private" in article_page["Cache-Control"]
    assert "public" not in article_page["Cache-Control"]


def test_a_members_pages_are_private_and_show_their_name(trusted_member):
    member = Client()
    member.force_login(trusted_member)
    Client().get("/en/")  # cached for anonymous readers first

    response = member.get("/en/")

    signed_in = '<a class="account-name" href="/en/accounts/profile/">Rami Regular</a>'
    assert "private" in response["Cache-Control"]
    assert signed_in in text_of(response)
    assert signed_in not in text_of(Client().get("/en/"))


@pytest.mark.parametrize("path", ["/en/feeds/latest/", "article"])
def test_feeds_and_article_pages_answer_a_conditional_get(client, path):
    article = make_article()
    url = article.get_absolute_url() if path == "article" else path
    first = client.get(url)

    again = client.get(url, headers={"if-none-match": first["ETag"]})
    since = client.get(url, headers={"if-modified-since": first["Last-Modified"]})

    assert first.status_code == 200
    assert again.status_code == 304
    assert since.status_code == 304


def test_a_new_comment_changes_the_etag_once_approved(client, moderator_client):
    article = make_article()
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    waiting = make_comment(article, status=PENDING)

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    decide(moderator_client, waiting, "approve")
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_the_cached_threads_keep_each_comments_text_without_the_templates_blank_lines(client):
    article = make_article()
    make_comment(article, body="First paragraph.\n\nSecond one,\nwith a break.")
    make_comment(article, body="Another reader's remark.")

    html = text_of(client.get(article.get_absolute_url()))
    threads = re.search(r'<ol class="comment-list">.*?</ol>', html, re.DOTALL).group(0)

    assert "<p>First paragraph.</p>" in threads
    assert "<p>Second one,<br>with a break.</p>" in threads
    assert "Another reader's remark." in threads or "Another reader&#x27;s remark." in threads
    assert "\n\n" not in threads
    assert not re.search(r"\n[ \t]", threads), "indentation left in the block"
    assert comment_count(html) == 2

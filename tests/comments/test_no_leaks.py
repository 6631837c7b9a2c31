"""No path shows a comment that is not public: unconfirmed, held, hidden after reports,
rejected, spam, withdrawn or held for a banned address; and no public page shows a
commenter's email."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments import services
from comments.clients import hash_address
from comments.models import Ban, Comment
from tests.articles.factories import make_article, make_section

from .factories import make_comment
from .helpers import (
    card_counts,
    comment_count,
    comment_ids,
    post_comment,
    sidebar,
    text_of,
    visible_text,
)
from .safety import QUEUE, feed_text, json_ld, report, status_of

pytestmark = pytest.mark.django_db

BANNED_ADDRESS = "192.0.2.66"


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def most_commented(html: str) -> str:
    found = re.search(r'<section class="most-commented".*?</section>', html, re.DOTALL)
    return found.group(0) if found else ""


def sidebar_counts_of(html: str, headline: str) -> list[str]:
    """The comment counts the sidebar gives beside `headline`."""
    return re.findall(
        rf">{headline}</a>\s*<span class=\"meta\">.*?\((\d+) comments?\)</span>",
        sidebar(html),
        re.DOTALL,
    )


def warm(article) -> None:
    """Have the pages and the sidebar cached as a reader's visit leaves them."""
    reader = Client()
    reader.get("/en/")
    reader.get(article.get_absolute_url())


class States:
    """Ways a comment ends up seen by nobody but its author and the moderators, each
    reached the way it is on the site."""

    def __init__(self, settings, moderator, moderator_client, trusted_member, capture):
        self.settings = settings
        self.moderator = moderator
        self.moderator_client = moderator_client
        self.trusted_member = trusted_member
        self.capture = capture

    def member(self) -> Client:
        browser = Client()
        browser.force_login(self.trusted_member)
        return browser

    def unconfirmed(self, article, body):
        post_comment(Client(), article, address="192.0.2.1", confirmed=False, body=body)

    def pending(self, article, body):
        post_comment(Client(), article, address="192.0.2.2", body=body)

    def hidden_after_reports(self, article, body):
        comment = make_comment(article, body=body)
        warm(article)
        self.settings.COMMENTS_FLAG_THRESHOLD = 1
        with self.capture(execute=True):
            report(Client(), comment, address="192.0.2.3")

    def rejected(self, article, body):
        comment = make_comment(article, body=body)
        warm(article)
        self.moderator_client.post(
            QUEUE, {"bulk": "1", "bulk_action": "reject", "ids": [comment.pk]}
        )

    def spam(self, article, body):
        post_comment(Client(), article, address="192.0.2.4", body=body, website="https://x.example")

    def withdrawn(self, article, body):
        author = self.member()
        post_comment(author, article, address="192.0.2.5", body=body)
        comment = Comment.objects.get(body=body)
        warm(article)
        author.post(f"/en/comments/{comment.pk}/delete/")

    def banned_address(self, article, body):
        address_hash = hash_address(BANNED_ADDRESS, self.settings.COMMENTS_ADDRESS_KEY)
        services.ban_create(
            kind=Ban.Kind.ADDRESS, address_hash=address_hash, moderator=self.moderator
        )
        post_comment(self.member(), article, address=BANNED_ADDRESS, body=body)


STATES = [
    ("unconfirmed", Comment.Status.UNCONFIRMED),
    ("pending", Comment.Status.PENDING),
    ("hidden_after_reports", Comment.Status.PENDING),
    ("rejected", Comment.Status.REJECTED),
    ("spam", Comment.Status.SPAM),
    ("withdrawn", Comment.Status.WITHDRAWN),
    ("banned_address", Comment.Status.PENDING),
]


@pytest.fixture
def states(
    settings, moderator, moderator_client, trusted_member, django_capture_on_commit_callbacks
):
    return States(
        settings, moderator, moderator_client, trusted_member, django_capture_on_commit_callbacks
    )


@pytest.fixture
def stories(db):
    """A lead story, and an older one in the same section that the comment is on."""
    section = make_section(name="Local", slug="local")
    article = make_article(
        headline="Ferry timetable changes", section=section, published_at=hours_ago(2)
    )
    make_article(headline="The lead story", section=section, published_at=hours_ago(1))
    return article


def test_the_states_are_what_they_say(states, stories):
    for name, status in STATES:
        body = f"Check of the {name} state."
        getattr(states, name)(stories, body)
        assert status_of(Comment.objects.get(body=body)) == status, name
    banned = Comment.objects.get(body="Check of the banned_address state.")
    assert "banned-address" in banned.reasons
    assert "flagged" in Comment.objects.get(body="Check of the hidden_after_reports state.").reasons


@pytest.mark.parametrize(("state", "status"), STATES)
def test_a_comment_that_is_not_public_appears_nowhere(client, states, stories, state, status):
    article = stories
    body = f"Quixotic marmalade words, {state}."

    getattr(states, state)(article, body)

    comment = Comment.objects.get(body=body)
    assert comment.status == status
    page = text_of(client.get(article.get_absolute_url()))
    front = text_of(client.get("/en/"))
    section = text_of(client.get("/en/section/local/"))
    assert body not in page
    assert comment_ids(page) == []
    assert comment_count(page) == 0
    assert body not in sidebar(page)
    assert "Quixotic" not in json_ld(page)
    assert body not in front
    assert body not in sidebar(front)
    assert "Ferry timetable changes" not in card_counts(front)
    assert "Ferry timetable changes" not in card_counts(section)
    assert "Ferry timetable changes" not in most_commented(front)
    assert "Quixotic" not in feed_text(client)
    assert "Quixotic" not in text_of(client.get("/sitemap.xml"))
    assert "Quixotic" not in text_of(client.get("/news-sitemap.xml"))
    assert body not in text_of(client.get("/en/search/", {"q": "Quixotic marmalade"}))
    assert client.get(comment.get_absolute_url()).status_code == 404
    assert client.get(f"/en/comments/{comment.pk}/report/").status_code == 404


@pytest.mark.parametrize(("state", "status"), STATES)
def test_a_comment_that_is_not_public_is_not_counted_beside_a_public_one(
    client, states, stories, state, status
):
    article = stories
    shown = make_comment(article, body="The one public comment.")
    getattr(states, state)(article, f"Hidden beside it, {state}.")

    page = text_of(client.get(article.get_absolute_url()))
    front = text_of(client.get("/en/"))

    assert comment_ids(page) == [shown.pk]
    assert comment_count(page) == 1
    assert card_counts(front)["Ferry timetable changes"] == "1 comment"
    assert sidebar_counts_of(front, "Ferry timetable changes") == ["1"]
    assert 'Ferry timetable changes</a> <span class="meta">(1)' in most_commented(front)


# --- emails --------------------------------------------------------------------------------------

EMAILS = {
    "approved": "shown.guest@example.com",
    "unconfirmed": "waiting.guest@example.com",
    "pending": "held.guest@example.com",
}


def public_pages(client, article, comment) -> dict[str, str]:
    return {
        "front": text_of(client.get("/en/")),
        "article": text_of(client.get(article.get_absolute_url())),
        "permalink": text_of(client.get(comment.get_absolute_url(), follow=True)),
        "section": text_of(client.get("/en/section/local/")),
        "report form": text_of(client.get(f"/en/comments/{comment.pk}/report/")),
        "feed": feed_text(client),
        "latest feed": text_of(client.get("/en/feeds/latest/")),
        "sitemap": text_of(client.get("/sitemap.xml")),
        "news sitemap": text_of(client.get("/news-sitemap.xml")),
        "search": text_of(client.get("/en/search/", {"q": "Shown Guest"})),
    }


def test_guest_and_member_emails_appear_on_no_public_page(client, stories, trusted_member):
    article = stories
    make_comment(article, author_email=EMAILS["approved"], author_name="Shown Guest")
    post_comment(
        Client(), article, address="192.0.2.10", author_email=EMAILS["unconfirmed"], confirmed=False
    )
    post_comment(Client(), article, address="192.0.2.11", author_email=EMAILS["pending"])
    member = Client()
    member.force_login(trusted_member)
    post_comment(member, article, address="192.0.2.12", body="A member, in public.")
    reply_to = Comment.objects.get(author_email=EMAILS["approved"])

    pages = public_pages(client, article, reply_to)

    assert "Shown Guest" in pages["article"]
    assert "A member, in public." in pages["article"]
    for name, html in pages.items():
        for email in (*EMAILS.values(), trusted_member.email):
            assert email not in html, (name, email)
            assert email.split("@")[0] not in visible_text(html), (name, email)


def test_the_comments_feed_names_no_author_email(client, stories):
    make_comment(stories, author_email=EMAILS["approved"], author_name="Shown Guest")

    feed = feed_text(client)

    assert "Shown Guest" in feed
    assert "@example.com" not in feed

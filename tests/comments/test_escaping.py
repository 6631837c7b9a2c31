"""Hostile names and comments stay plain text on every page that shows them."""

import re
from html import unescape
from itertools import zip_longest

import pytest
from defusedxml import ElementTree
from django.test import Client

from comments.models import Comment
from comments.text import strip_direction_controls
from tests.accounts.factories import make_member
from tests.articles.factories import make_article

from .factories import APPROVED, PENDING, make_comment
from .helpers import comments_section, form_html, post_comment, sidebar, start_tags, text_of

pytestmark = pytest.mark.django_db

LONG_WORD = "A" * 3000
RLO = "\u202e"

HOSTILE_NAMES = [
    '<script>alert("name")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "<b><i>Bold guest",
    f"Evil{RLO}gnp.exe",
]
HOSTILE_BODIES = [
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click me</a> or javascript:alert(1)',
    "<b><i>never closed",
    f"Look: {RLO}gnp.exe",
    LONG_WORD,
    '"><svg onload=alert(1)>',
    "</textarea><script>alert(2)</script>",
    "Line one\nLine two\n\nNew paragraph, see https://example.com/a?b=1&c=2 now",
]
MEMBER_NAME = '"><svg onload=alert(3)>'


def assert_no_active_markup(html: str, where: str = "", site_svgs: bool = False) -> None:
    """Nothing a reader wrote became a tag, an event handler or a script link.

    `site_svgs`: the page has icons of its own (the admin's), so <svg> alone proves nothing.
    """
    lowered = html.lower()
    assert "<script>alert" not in lowered, where
    assert "<svg onload" not in lowered, where
    assert site_svgs or "<svg" not in lowered, where
    assert "<img src=x" not in lowered, where
    assert 'href="javascript:' not in lowered, where
    for tag, attrs in start_tags(html):
        assert tag not in {"iframe", "object", "embed"}, (where, tag, attrs)
        assert site_svgs or tag != "svg", (where, attrs)
        assert not [name for name in attrs if name.startswith("on")], (where, tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith("javascript:"), (where, tag, attrs)
        if tag == "script":
            assert "src" in attrs or attrs.get("type") in {
                "application/ld+json",
                "application/json",
            }, (where, attrs)
        if tag == "img":
            assert attrs.get("src") != "x", (where, attrs)


def assert_shown_escaped(html: str, texts, where: str = "") -> None:
    """Each text is on the page as text (escaped), so the checks above were not vacuous.

    As it was saved, that is: without the direction controls (comments.text)."""
    for text in texts:
        assert escape_like_django(strip_direction_controls(text)) in html, (where, text[:40])


def escape_like_django(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


@pytest.fixture
def hostile(settings):
    """A published article with every hostile comment (some by a member), still pending."""
    settings.COMMENTS_SIDEBAR_COUNT = 50
    article = make_article(headline="Council votes on the budget")
    member = make_member(display_name=MEMBER_NAME)
    comments = []
    for name, body in zip_longest(HOSTILE_NAMES, HOSTILE_BODIES):
        fields = {"author_name": name} if name else {"user": member}
        comments.append(make_comment(article, status=PENDING, body=body or "Plain", **fields))
    return article, member, comments


def approve_all():
    Comment.objects.update(status=APPROVED)


def test_the_moderation_queue_shows_hostile_comments_as_text(hostile, moderator_client):
    html = text_of(moderator_client.get("/en/comments/moderation/"))

    assert_no_active_markup(html, "queue")
    assert_shown_escaped(html, [*HOSTILE_NAMES, MEMBER_NAME], "queue")
    assert_shown_escaped(html, ["<script>alert(document.cookie)</script>", LONG_WORD], "queue")


def test_the_admin_list_shows_hostile_comments_as_text(hostile, admin_client):
    html = text_of(admin_client.get("/admin/comments/comment/"))

    assert_no_active_markup(html, "admin", site_svgs=True)
    assert_shown_escaped(html, HOSTILE_NAMES, "admin")


def test_the_article_page_shows_hostile_comments_as_text(hostile, client):
    article, _, _ = hostile
    approve_all()

    html = text_of(client.get(article.get_absolute_url()))

    assert_no_active_markup(html, "article")
    section = comments_section(html)
    assert_shown_escaped(section, [*HOSTILE_NAMES, MEMBER_NAME], "article")
    assert_shown_escaped(
        section,
        [
            "<script>alert(document.cookie)</script>",
            "<img src=x onerror=alert(1)>",
            '"><svg onload=alert(1)>',
            "</textarea><script>alert(2)</script>",
            "<b><i>never closed",
            LONG_WORD,
        ],
        "article",
    )


def test_the_sidebar_shows_hostile_comments_as_text(hostile, client):
    approve_all()

    html = text_of(client.get("/en/"))

    block = sidebar(html)
    assert_no_active_markup(html, "front")
    # The sidebar's excerpt cuts the endless word; the whole of it is on the article page.
    assert_shown_escaped(block, [*HOSTILE_NAMES, MEMBER_NAME, LONG_WORD[:139] + "…"], "sidebar")
    assert_shown_escaped(block, ["<script>alert(document.cookie)</script>"], "sidebar")


def test_the_members_profile_shows_their_hostile_comments_as_text(hostile, client):
    _, member, _ = hostile
    approve_all()
    client.force_login(member)

    html = text_of(client.get("/en/accounts/profile/"))

    assert_no_active_markup(html, "profile")
    member_block = re.search(r'<section class="member-comments.*?</section>', html, re.DOTALL)
    assert_shown_escaped(
        member_block.group(0),
        ['"><svg onload=alert(1)>', "</textarea><script>alert(2)</script>"],
        "profile",
    )


def feed_items(client) -> list[dict]:
    response = client.get("/en/feeds/comments/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [{child.tag: (child.text or "") for child in item} for item in root.iter("item")]


def test_the_comments_feed_carries_hostile_comments_as_text(hostile, client):
    approve_all()

    raw = text_of(client.get("/en/feeds/comments/"))
    items = feed_items(client)

    # The XML itself holds no markup of the readers'...
    assert "<script" not in raw
    assert "<svg" not in raw
    assert "<img" not in raw
    assert len(items) == len(HOSTILE_BODIES)
    # ...and a feed reader showing a description as HTML shows text, not markup.
    for item in items:
        assert_no_active_markup(item["description"], item["title"])
    descriptions = " ".join(item["description"] for item in items)
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in descriptions


def test_a_refused_hostile_comment_comes_back_as_text_in_the_form(client):
    article = make_article()

    response = post_comment(
        client,
        article,
        author_name='"><svg onload=alert(1)>',
        author_email="not-an-email",
        body="</textarea><script>alert(1)</script>",
    )

    assert response.status_code == 400
    html = text_of(response)
    assert_no_active_markup(html, "refused form")
    form = form_html(html)
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in form
    assert 'value="&quot;&gt;&lt;svg onload=alert(1)&gt;"' in form


# --- what stays markup: links and line breaks ----------------------------------------------------


def test_web_addresses_become_nofollow_links_and_nothing_else_does(client):
    article = make_article()
    make_comment(
        article,
        body=(
            "Sources: https://example.com/report?a=1&b=2 and www.example.org\n"
            'Not a link: javascript:alert(1) <a href="javascript:alert(1)">x</a>'
        ),
    )

    html = text_of(Client().get(article.get_absolute_url()))

    body = re.search(r'<div class="comment-body" dir="auto">(.*?)</div>', html, re.DOTALL).group(1)
    links = [attrs for tag, attrs in start_tags(body) if tag == "a"]
    assert links == [
        {"href": "https://example.com/report?a=1&b=2", "rel": "nofollow ugc noopener"},
        {"href": "http://www.example.org", "rel": "nofollow ugc noopener"},
    ]
    assert '<a href="https://example.com/report?a=1&amp;b=2" rel="nofollow ugc noopener">' in body
    assert "javascript:alert(1) &lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;" in body


def test_line_breaks_and_paragraphs_are_kept(client):
    article = make_article()
    make_comment(article, body="Line one\nLine two\n\nA new paragraph.")

    html = text_of(client.get(article.get_absolute_url()))

    body = re.search(r'<div class="comment-body" dir="auto">(.*?)</div>', html, re.DOTALL).group(1)
    # (The cached block keeps one line break between the paragraphs: see _compact.)
    assert body == "<p>Line one<br>Line two</p>\n<p>A new paragraph.</p>"


def test_the_comments_feed_keeps_line_breaks(client):
    make_comment(body="Line one\nLine two")

    (item,) = feed_items(client)

    assert "Line oneLine two" not in item["description"]
    assert re.search(r"Line one\s*<br\s*/?>\s*Line two", item["description"])


# --- right-to-left override ----------------------------------------------------------------------

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def meta_lines_outside_isolation(html: str) -> list[str]:
    """Each comment's "name | time" line with isolated parts (<bdi>, dir=...) removed."""
    lines = re.findall(r'<p class="comment-meta">(.*?)</p>', html, re.DOTALL)
    isolated = re.compile(r"<(bdi|\w+(?=[^>]*\bdir=))[^>]*>.*?</\1>", re.DOTALL)
    return [isolated.sub("", line) for line in lines]


def test_a_right_to_left_override_in_a_name_does_not_flip_the_rest_of_the_line(client):
    article = make_article()
    make_comment(article, author_name=f"Evil{RLO}gnp.exe")

    html = text_of(client.get(article.get_absolute_url()))

    lines = meta_lines_outside_isolation(comments_section(html))
    lines += meta_lines_outside_isolation(sidebar(html))
    assert len(lines) == 2
    assert [line for line in lines if BIDI_CONTROLS.search(unescape(line))] == []

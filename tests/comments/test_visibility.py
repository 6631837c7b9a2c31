"""Who sees which comment: the article page, counts, the sidebar, feeds, permalinks, paging."""

import json
import re
from datetime import timedelta
from html import unescape
from urllib.parse import urljoin

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.articles.factories import make_article, make_section

from .factories import APPROVED, PENDING, REJECTED, SPAM, make_comment
from .helpers import (
    block,
    card_counts,
    comment_count,
    comment_ids,
    comments_section,
    post_comment,
    sidebar,
    text_of,
    visible_text,
)

pytestmark = pytest.mark.django_db

HIDDEN = (PENDING, REJECTED, SPAM)
QUEUE = "/en/comments/moderation/"


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def with_every_status(article, prefix="On it"):
    """One comment of each status on `article`, each with a body naming its status."""
    return {
        status: make_comment(article, status=status, body=f"{prefix}: a {status} comment.")
        for status in (APPROVED, *HIDDEN)
    }


def hidden_bodies(comments) -> list[str]:
    return [comments[status].body for status in HIDDEN]


def feed(client) -> list[dict]:
    response = client.get("/en/feeds/comments/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return [{child.tag: (child.text or "") for child in item} for item in root.iter("item")]


def sidebar_items(html: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", sidebar(html), re.DOTALL)


def most_commented(html: str) -> list[tuple[str, int]]:
    found = re.search(r'<section class="most-commented".*?</section>', html, re.DOTALL)
    if not found:
        return []
    return [
        (headline, int(n))
        for headline, n in re.findall(
            r'<li><a href="[^"]*">([^<]*)</a> <span class="meta">\((\d+)\)</span></li>',
            found.group(0),
        )
    ]


# --- the article page ----------------------------------------------------------------------------


def test_only_approved_comments_appear_on_the_article_page(client):
    article = make_article()
    comments = with_every_status(article)

    html = text_of(client.get(article.get_absolute_url()))

    assert comment_ids(html) == [comments[APPROVED].pk]
    assert comment_count(html) == 1
    for body in hidden_bodies(comments):
        assert body not in html


def test_hidden_replies_do_not_appear_under_an_approved_comment(client):
    article = make_article()
    top = make_comment(article)
    shown = make_comment(article, parent=top, body="An approved reply.")
    hidden = [
        make_comment(article, parent=top, status=status, body=f"A {status} reply.")
        for status in HIDDEN
    ]

    html = text_of(client.get(article.get_absolute_url()))

    assert comment_ids(html) == [top.pk, shown.pk]
    assert comment_count(html) == 2
    for reply in hidden:
        assert reply.body not in html


def test_a_readers_own_pending_comment_is_not_shown_to_another_reader_even_by_permalink(client):
    article = make_article()
    post_comment(client, article, body="Mine, pending.")
    comment = Comment.objects.get()

    assert client.get(comment.get_absolute_url()).status_code == 302
    other = Client()
    assert other.get(comment.get_absolute_url()).status_code == 404
    assert "Mine, pending." not in text_of(other.get(article.get_absolute_url()))


def test_no_comment_reaches_the_articles_structured_data(client):
    article = make_article()
    comments = with_every_status(article, prefix="Structured")

    html = text_of(client.get(article.get_absolute_url()))

    payloads = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(payloads) == 1
    assert json.loads(payloads[0])["headline"] == article.headline
    assert comments[APPROVED].body in comments_section(html)
    assert "Structured" not in payloads[0]


def test_the_count_matches_the_comments_shown_when_a_thread_is_rejected(client):
    article = make_article()
    top = make_comment(article)
    make_comment(article, parent=top)
    Comment.objects.filter(pk=top.pk).update(status=REJECTED)

    html = text_of(client.get(article.get_absolute_url()))

    assert comment_count(html) == len(comment_ids(html))


# --- counts on lists and "Most commented" --------------------------------------------------------


def test_front_and_section_cards_count_only_approved_comments(client):
    section = make_section(name="Local", slug="local")
    make_article(headline="The lead story", section=section, published_at=hours_ago(1))
    busy = make_article(headline="Busy story", section=section, published_at=hours_ago(2))
    quiet = make_article(headline="Quiet story", section=section, published_at=hours_ago(3))
    with_every_status(busy)
    make_comment(busy)
    for status in HIDDEN:
        make_comment(quiet, status=status)

    for url in ("/en/", "/en/section/local/"):
        counts = card_counts(text_of(client.get(url)))
        assert counts.get("Busy story") == "2 comments", url
        assert "Quiet story" not in counts, url


def test_a_single_comment_is_counted_in_the_singular(client):
    section = make_section(name="Local", slug="local")
    make_comment(make_article(headline="Lonely story", section=section))
    assert card_counts(text_of(client.get("/en/section/local/"))) == {"Lonely story": "1 comment"}


def test_most_commented_counts_only_approved_comments_of_the_week(client):
    loud = make_article(headline="Loud story", published_at=hours_ago(5))
    calm = make_article(headline="Calm story", published_at=hours_ago(4))
    hushed = make_article(headline="Hushed story", published_at=hours_ago(3))
    old_news = make_article(headline="Old news", published_at=timezone.now() - timedelta(days=20))
    secret = make_article(headline="Secret draft", status=Article.Status.DRAFT)
    for _ in range(3):
        make_comment(loud)
    make_comment(calm)
    for status in HIDDEN:
        make_comment(calm, status=status)
        make_comment(hushed, status=status)
        make_comment(hushed, status=status)
    make_comment(old_news, submitted_at=timezone.now() - timedelta(days=8))
    make_comment(secret)

    html = text_of(client.get("/en/"))

    assert most_commented(html) == [("Loud story", 3), ("Calm story", 1)]


# --- the "What you say" sidebar ------------------------------------------------------------------


def test_the_sidebar_shows_only_approved_comments_on_published_articles(client):
    article = make_article()
    comments = with_every_status(article, prefix="Sidebar")
    make_comment(make_article(status=Article.Status.DRAFT), body="Sidebar: on a draft.")
    make_comment(
        make_article(published_at=timezone.now() + timedelta(hours=2)),
        body="Sidebar: on a scheduled article.",
    )

    for url in ("/en/", article.get_absolute_url()):
        items = sidebar_items(text_of(client.get(url)))
        assert len(items) == 1, url
        assert comments[APPROVED].body in items[0], url


def test_the_sidebar_item_shows_author_time_excerpt_article_age_and_count(client):
    article = make_article(headline="Harbour plan approved", published_at=hours_ago(3))
    make_comment(article)
    make_comment(article, status=PENDING)
    comment = make_comment(
        article,
        author_name="Sami",
        body=" ".join(f"word{n}" for n in range(1, 31)),
        submitted_at=timezone.now() - timedelta(minutes=5),
    )

    (item,) = [i for i in sidebar_items(text_of(client.get("/en/"))) if "Sami" in i]

    at = timezone.localtime(comment.submitted_at).strftime("%H:%M")
    assert visible_text(item).startswith(f"Sami | {at} ")
    # At most 140 characters, cut after a whole word.
    shown = re.search(rf'<a href="/en/comments/{comment.pk}/">([^<]*)</a>', item).group(1)
    assert shown.endswith("…") and len(shown) <= 140
    assert comment.body.startswith(shown[:-1] + " ")
    assert "word30" not in item
    assert f'<a href="{article.get_absolute_url()}">Harbour plan approved</a>' in item
    assert "3 hours ago (2 comments)" in visible_text(item)


def test_the_sidebar_shows_the_newest_few_newest_first(client, settings):
    assert settings.COMMENTS_SIDEBAR_COUNT == 5
    comments = [
        make_comment(body=f"Numbered {n}.", submitted_at=timezone.now() - timedelta(minutes=n))
        for n in range(7)
    ]

    items = sidebar_items(text_of(client.get("/en/")))

    assert [re.search(r"Numbered (\d)", item).group(1) for item in items] == list("01234")
    assert comments[5].body not in "".join(items)


def test_the_sidebar_shows_a_comment_right_after_a_moderator_approves_it(client, moderator_client):
    comment = make_comment(status=PENDING, body="Waiting for the sidebar.")
    assert sidebar(text_of(client.get("/en/"))) == ""  # now cached: nothing to show

    moderator_client.post(QUEUE, {"decide": f"approve:{comment.pk}"})

    assert "Waiting for the sidebar." in sidebar(text_of(client.get("/en/")))


def test_the_sidebar_drops_a_comment_right_after_a_moderator_rejects_it(client, moderator_client):
    comment = make_comment(body="Soon rejected.")
    assert "Soon rejected." in sidebar(text_of(client.get("/en/")))  # now cached

    moderator_client.post(QUEUE, {"bulk": "1", "bulk_action": "reject", "ids": [comment.pk]})

    assert "Soon rejected." not in text_of(client.get("/en/"))


def test_the_sidebar_drops_a_comment_marked_spam_in_the_admin_list(client, moderator_client):
    comment = make_comment(body="Spam after all.")
    assert "Spam after all." in sidebar(text_of(client.get("/en/")))

    moderator_client.post(
        "/admin/comments/comment/",
        {"action": "mark_spam", "_selected_action": [comment.pk], "index": "0"},
    )

    assert "Spam after all." not in text_of(client.get("/en/"))


def test_the_sidebar_shows_a_trusted_members_comment_at_once(client, trusted_member):
    article = make_article()
    assert "Straight in." not in text_of(client.get("/en/"))
    author = Client()
    author.force_login(trusted_member)

    post_comment(author, article, body="Straight in.")

    assert "Straight in." in sidebar(text_of(client.get("/en/")))


def test_the_sidebar_drops_a_comment_rejected_in_the_admins_change_form(client, moderator_client):
    comment = make_comment(body="Rejected by hand.")
    assert "Rejected by hand." in sidebar(text_of(client.get("/en/")))
    form = {
        "article": comment.article_id,
        "parent": "",
        "user": "",
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "body": comment.body,
        "status": REJECTED,
        "submitted_at_0": timezone.localtime(comment.submitted_at).strftime("%d/%m/%Y"),
        "submitted_at_1": timezone.localtime(comment.submitted_at).strftime("%H:%M:%S"),
    }
    # The read-only inlines (reports, earlier versions, history) send their management forms.
    for prefix in ("reports", "versions", "events"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = moderator_client.post(f"/admin/comments/comment/{comment.pk}/change/", form)

    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == REJECTED
    assert "Rejected by hand." not in text_of(client.get("/en/"))


def test_the_sidebar_drops_comments_of_an_article_taken_down(client, admin_client):
    article = make_article()
    make_comment(article, body="On a story later withdrawn.")
    assert "On a story later withdrawn." in sidebar(text_of(client.get("/en/")))

    article.status = Article.Status.DRAFT
    article.save()

    assert "On a story later withdrawn." not in text_of(client.get("/en/"))


# --- the comments feed ---------------------------------------------------------------------------


def test_the_feed_carries_only_approved_comments_on_published_articles(client):
    article = make_article(headline="Feed story")
    comments = with_every_status(article, prefix="Fed")
    make_comment(make_article(status=Article.Status.DRAFT), body="Fed: on a draft.")

    items = feed(client)

    assert len(items) == 1
    (item,) = items
    approved = comments[APPROVED]
    assert item["title"] == f"{approved.author_name} on “Feed story”"
    assert item["link"] == f"http://testserver/en/comments/{approved.pk}/"
    assert approved.body in item["description"]


def test_the_feed_lists_the_newest_comments_first(client):
    older = make_comment(submitted_at=hours_ago(2))
    newer = make_comment(submitted_at=hours_ago(1))

    links = [item["link"] for item in feed(client)]

    assert links == [
        f"http://testserver{newer.get_absolute_url()}",
        f"http://testserver{older.get_absolute_url()}",
    ]


# --- permalinks and pages of comments ------------------------------------------------------------


@pytest.fixture
def five_threads(settings):
    """An article with five approved threads, two to a page, and a reply in the third."""
    settings.COMMENTS_PER_PAGE = 2
    article = make_article()
    start = timezone.now() - timedelta(hours=1)
    threads = [
        make_comment(article, body=f"Thread {n}.", submitted_at=start + timedelta(minutes=n))
        for n in range(5)
    ]
    make_comment(article, status=PENDING, submitted_at=start - timedelta(minutes=1))
    reply = make_comment(
        article, parent=threads[2], body="A late reply.", submitted_at=start + timedelta(minutes=9)
    )
    return article, threads, reply


@pytest.mark.parametrize(("index", "page"), [(0, 1), (1, 1), (2, 2), (3, 2), (4, 3)])
def test_a_permalink_leads_to_the_page_and_anchor_of_its_comment(client, five_threads, index, page):
    article, threads, _ = five_threads
    comment = threads[index]

    response = client.get(f"/en/comments/{comment.pk}/")

    query = f"?cpage={page}" if page > 1 else ""
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}{query}#comment-{comment.pk}"
    assert comment.pk in comment_ids(text_of(client.get(response["Location"])))


def test_a_replys_permalink_leads_to_its_threads_page(client, five_threads):
    article, _, reply = five_threads

    response = client.get(f"/en/comments/{reply.pk}/")

    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{reply.pk}"
    assert reply.pk in comment_ids(text_of(client.get(response["Location"])))


@pytest.mark.parametrize("status", HIDDEN)
def test_a_hidden_comments_permalink_is_not_found(client, status):
    comment = make_comment(status=status)
    assert client.get(f"/en/comments/{comment.pk}/").status_code == 404


def test_the_permalink_of_a_comment_on_a_draft_is_not_found(client):
    comment = make_comment(make_article(status=Article.Status.DRAFT))
    assert client.get(f"/en/comments/{comment.pk}/").status_code == 404


def test_an_unknown_permalink_is_not_found(client):
    assert client.get("/en/comments/424242/").status_code == 404


def paging_link(html: str, rel: str, label: str) -> str:
    """Where the "Older comments" or "Newer comments" link goes, as an address on the site."""
    found = re.search(rf'<a rel="{rel}" href="([^"]+)">{label}</a>', html)
    assert found, f"no {label!r} link"
    return unescape(found.group(1))


def test_comment_pages_link_to_older_and_newer_comments(client, five_threads):
    article, threads, reply = five_threads
    url = article.get_absolute_url()

    first = text_of(client.get(url))
    assert comment_ids(first) == [threads[0].pk, threads[1].pk]
    assert "Page 1 of 3" in visible_text(first)
    assert "Older comments" not in first
    newer = urljoin(url, paging_link(first, "next", "Newer comments →"))
    assert newer == f"{url}?cpage=2#comments"

    second = text_of(client.get(newer))
    assert comment_ids(second) == [threads[2].pk, reply.pk, threads[3].pk]
    assert "Page 2 of 3" in visible_text(second)
    older = urljoin(url, paging_link(second, "prev", "← Older comments"))
    assert comment_ids(text_of(client.get(older))) == [threads[0].pk, threads[1].pk]
    newer = urljoin(url, paging_link(second, "next", "Newer comments →"))

    last = text_of(client.get(newer))
    assert comment_ids(last) == [threads[4].pk]
    assert "Newer comments" not in last
    assert "Older comments" in last
    # Every page counts all approved comments, not only its own.
    assert {comment_count(page) for page in (first, second, last)} == {6}


@pytest.mark.parametrize(
    ("cpage", "shown"), [("99", [4]), ("-1", [4]), ("0", [4]), ("abc", [0, 1]), ("", [0, 1])]
)
def test_an_odd_comment_page_number_shows_the_first_or_last_page(
    client, five_threads, cpage, shown
):
    article, threads, _ = five_threads

    response = client.get(article.get_absolute_url(), {"cpage": cpage})

    assert response.status_code == 200
    assert comment_ids(text_of(response)) == [threads[n].pk for n in shown]


def test_a_single_page_of_comments_has_no_paging_links(client):
    article = make_article()
    make_comment(article)
    html = comments_section(text_of(client.get(article.get_absolute_url())))
    assert 'aria-label="Comment pages"' not in html


# --- the member's profile ------------------------------------------------------------------------


def test_a_members_profile_lists_their_comments_with_their_status(client, member):
    article = make_article(headline="Schools reopen")
    mine = {
        status: make_comment(
            article,
            user=member,
            status=status,
            body=f"My {status} words.",
            submitted_at=timezone.now() - timedelta(minutes=n),
        )
        for n, status in enumerate((APPROVED, PENDING, REJECTED))
    }
    make_comment(article, body="Somebody else's words.")
    client.force_login(member)

    html = text_of(client.get("/en/accounts/profile/"))

    listed = block(html, r'<ul class="member-comment-list">(.*?)</ul>')
    items = re.findall(r"<li>(.*?)</li>", listed, re.DOTALL)
    assert [visible_text(item) for item in items] == [
        f"Schools reopen · "
        f"{timezone.localtime(mine[status].submitted_at).strftime('%-d %b %Y, %H:%M')} · "
        f"{label} My {status} words."
        for status, label in (
            (APPROVED, "Approved"),
            (PENDING, "Awaiting moderation"),
            (REJECTED, "Rejected"),
        )
    ]
    assert f'<a href="{article.get_absolute_url()}">Schools reopen</a>' in listed
    assert "Somebody else" not in listed


def test_a_member_without_comments_is_told_so(client, member):
    client.force_login(member)
    html = text_of(client.get("/en/accounts/profile/"))
    assert "You have not commented yet." in visible_text(html)

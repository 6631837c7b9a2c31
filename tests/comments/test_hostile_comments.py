"""The hostile corpus through every comment field and parameter a reader or moderator reaches.

The comment form (name, body and its quieter fields), the report form's note, the edit
form, the moderation queue's filter and bulk fields, the article page's comment
parameters (?cpage=, ?reply_to=) and the signed links of /comments/status/ and
/comments/confirm/. Expected everywhere: no 5xx; a refused input gets a 4xx, a message
the reader can see, and their text back in the form; an accepted one, once approved, is
shown as text (escaped) on the article page, in the sidebar and in the moderators' queue,
and nothing on any of those pages can run script.

Each test walks one family of the corpus (or all of it) and reports every string that
failed, not just the first.
"""

import re
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape

from comments.guests import CONFIRM_SALT, STATUS_SALT, status_url
from comments.models import Comment, Report
from comments.text import excerpt
from tests import hostile_corpus as corpus
from tests.articles.factories import make_article
from tests.hostile_corpus import HOSTILE_STRINGS, INVALID_UTF8_QUERIES, label
from tests.test_hostile_input import problems_in, walk_corpus

from .factories import APPROVED, PENDING, REJECTED, make_comment
from .helpers import (
    comments_section,
    confirm_in,
    guest_data,
    post_url,
    sidebar,
    start_tags,
    text_of,
)
from .safety import QUEUE, textarea_text

pytestmark = pytest.mark.django_db

FAMILIES = {
    "script-tags": corpus.SCRIPT_TAGS,
    "event-handlers": corpus.EVENT_HANDLERS,
    "dangerous-urls": corpus.DANGEROUS_URLS,
    "svg-and-mathml": corpus.SVG_AND_MATHML,
    "broken-markup": corpus.BROKEN_MARKUP,
    "entities": corpus.ENTITIES,
    "control-and-invisible": corpus.CONTROL_AND_INVISIBLE,
    "formats-and-queries": corpus.FORMATS_AND_QUERIES,
    "long-strings": corpus.LONG_STRINGS,
}
GUEST_EMAIL = "dana@example.com"
# Field errors (crispy-bootstrap5), form-wide errors, or the form's own alert.
ERROR_MESSAGE = re.compile(r'class="invalid-feedback|role="alert"')
QUEUE_PAGE_SIZE = 50  # comments.views.moderation_queue
# For fields no reader types into (hidden, or an address that must parse): every fourth
# string of the corpus and all of its non-markup families, about 110 strings.
SAMPLE = list(
    dict.fromkeys(
        [
            *HOSTILE_STRINGS[::4],
            *corpus.CONTROL_AND_INVISIBLE,
            *corpus.FORMATS_AND_QUERIES,
            *corpus.LONG_STRINGS,
        ]
    )
)


@pytest.fixture(autouse=True)
def open_doors(settings):
    """No flood control, no paging and no hiding in the way of a few hundred comments."""
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    settings.COMMENTS_MAX_PER_HOUR = 1_000_000
    settings.COMMENTS_PER_PAGE = 1_000
    settings.COMMENTS_SIDEBAR_COUNT = 100
    settings.COMMENTS_FLAG_THRESHOLD = 1_000_000
    settings.COMMENTS_REPORTS_PER_HOUR = 1_000_000


# --- reading pages -------------------------------------------------------------------------------


def assert_inert(html: str, where: str) -> None:
    """Nothing on the page can run script (tests/test_hostile_input.py's reading of it)."""
    __tracebackhide__ = True
    problems = problems_in(html)
    assert not problems, (where, problems[:5])


def assert_no_5xx(response, where: str) -> None:
    __tracebackhide__ = True
    assert response.status_code < 500, (where, response.status_code)


def assert_refused_with_a_message(response, where: str) -> str:
    __tracebackhide__ = True
    assert 400 <= response.status_code < 500, (where, response.status_code)
    html = text_of(response)
    assert_inert(html, where)
    assert ERROR_MESSAGE.search(html), f"{where}: refused without saying why"
    return html


def assert_kept(kept: str | None, text: str) -> None:
    """The reader's text came back in the form as they sent it.

    Text of whitespace only is the exception: `{{ form|crispy }}` (the edit and report
    pages) collapses whitespace between tags, so a textarea holding only spaces comes
    back holding one; nothing a reader wrote is lost.
    """
    __tracebackhide__ = True
    if text.strip() == "" and kept is not None and kept.strip() == "":
        return
    assert kept == text, f"the reader's text did not come back: {(kept or '')[:60]!r}"


def input_value(html: str, name: str) -> str | None:
    """The value of the <input name=...>, as a browser reads it (entities decoded)."""
    for tag, attrs in start_tags(html):
        if tag == "input" and attrs.get("name") == name:
            return attrs.get("value") or ""
    return None


def comment_item(html: str, comment) -> str:
    """The inside of `comment`'s <li> on an article page (up to its actions)."""
    found = re.search(
        rf'<li class="comment[^"]*" id="comment-{comment.pk}">(.*?)<p class="comment-actions">',
        html,
        re.DOTALL,
    )
    assert found, f"comment {comment.pk} is not on the page"
    return found.group(1)


def queue_item(html: str, comment) -> str | None:
    found = re.search(
        rf'<li class="queue-item" id="comment-{comment.pk}">(.*?)<p class="queue-reason">',
        html,
        re.DOTALL,
    )
    return found.group(1) if found else None


def shown_name(item_html: str) -> str:
    found = re.search(r"<bdi[^>]*>(.*?)</bdi>", item_html, re.DOTALL)
    assert found, "no name shown"
    assert "<" not in found.group(1), "the name became markup"
    return unescape(found.group(1))


SITE_BODY_TAG = re.compile(
    r'</?p>|<br>|<a href="https?://[^"<>]*" rel="nofollow ugc noopener">|</a>'
)


def body_html_of(item_html: str) -> str:
    found = re.search(r'<div class="comment-body" dir="auto">(.*?)</div>', item_html, re.DOTALL)
    assert found, "no body shown"
    return found.group(1)


def assert_body_shown_as_text(body_html: str, body: str) -> None:
    """The body is text: only the site's own paragraphs, breaks and nofollow links are tags,
    and a reader reads exactly what was written (spaces aside)."""
    __tracebackhide__ = True
    leftover = SITE_BODY_TAG.sub("", body_html)
    assert "<" not in leftover, f"markup in the body: {leftover[leftover.index('<') :][:80]!r}"
    assert shown_text(body_html) == " ".join(body.split()), "the text shown is not the text"


def shown_text(body_html: str) -> str:
    """What a reader reads in a rendered body: links are inline, paragraphs and breaks space."""
    inline = re.sub(r"</?a\b[^>]*>", "", body_html)
    return " ".join(unescape(re.sub(r"</?p>|<br>", " ", inline)).split())


def queue_pages(moderator_client, count: int, tab: str = "pending") -> str:
    pages = []
    for number in range(1, count // QUEUE_PAGE_SIZE + 2):
        response = moderator_client.get(QUEUE, {"tab": tab, "page": number})
        assert response.status_code == 200
        pages.append(text_of(response))
    return "\n".join(pages)


def approve_everything() -> None:
    Comment.objects.update(status=APPROVED)
    # update() skips what a decision does: forget the cached threads and sidebar by hand.
    cache.clear()


def posted_comment(response) -> Comment:
    found = re.fullmatch(r"/en/comments/(\d+)/", response["Location"])
    assert found, f"redirected to {response['Location']}"
    return Comment.objects.get(pk=int(found.group(1)))


def guest_post(article, index: int, **fields):
    """POST the comment form from a guest browser of its own that confirmed its address."""
    browser = Client()
    confirm_in(browser, GUEST_EMAIL)
    address = f"10.{index // 250 % 250}.{index % 250}.7"
    return browser.post(post_url(article), guest_data(**fields), REMOTE_ADDR=address)


# --- the corpus itself ---------------------------------------------------------------------------


def test_the_families_cover_the_whole_corpus():
    assert sum(len(family) for family in FAMILIES.values()) == len(HOSTILE_STRINGS)
    assert len(HOSTILE_STRINGS) >= 200


# --- the comment form: name and body -------------------------------------------------------------


@pytest.mark.parametrize("field", ["author_name", "body"])
@pytest.mark.parametrize("family", FAMILIES, ids=list(FAMILIES))
def test_the_comment_form_takes_the_corpus_and_every_page_shows_it_as_text(
    field, family, moderator_client
):
    article = make_article(headline=f"Hostile {field}s: {family}")
    accepted: list[tuple[str, Comment]] = []
    index = iter(range(10_000))

    def check(text):
        response = guest_post(article, next(index), **{field: text})
        assert_no_5xx(response, "post")
        if response.status_code == 302:
            accepted.append((text, posted_comment(response)))
            return
        html = assert_refused_with_a_message(response, "refused form")
        if field == "body":
            assert_kept(textarea_text(html, "body"), text)
        else:
            assert_kept(input_value(html, "author_name"), text)

    walk_corpus(check, corpus=FAMILIES[family])
    # The control: the pages below are read with comments on them, not vacuously.
    assert accepted or family == "long-strings", "every string was refused"

    # Pending: the moderators' queue shows each one as text.
    queue = queue_pages(moderator_client, len(accepted))
    assert_inert(queue, "queue")

    def in_the_queue(pair):
        _, comment = pair
        item = queue_item(queue, comment)
        assert item is not None, "not in the queue"
        assert shown_name(item) == comment.author_name
        assert_body_shown_as_text(body_html_of(item), comment.body)

    # Approved: the article page and the sidebar show each one as text.
    approve_everything()
    page = text_of(Client().get(article.get_absolute_url()))
    assert_inert(page, "article page")
    section = comments_section(page)
    front = text_of(Client().get("/en/"))
    assert_inert(front, "front page")
    recent = sidebar(front)

    def on_the_article_page(pair):
        _, comment = pair
        item = comment_item(section, comment)
        assert shown_name(item) == comment.author_name
        assert_body_shown_as_text(body_html_of(item), comment.body)

    def in_the_sidebar(pair):
        _, comment = pair
        assert f"{escape(comment.author_name)}</bdi>" in recent, "name not in the sidebar"
        assert escape(excerpt(comment.body)) in recent, "excerpt not in the sidebar"

    failures = []
    for where, check_one in (
        ("queue", in_the_queue),
        ("article", on_the_article_page),
        ("sidebar", in_the_sidebar),
    ):
        for pair in accepted:
            try:
                check_one(pair)
            except AssertionError as error:
                failures.append(f"{where}: {label(pair[0])}: {error}")
    if failures:
        pytest.fail(f"{len(failures)} accepted strings shown wrong:\n" + "\n".join(failures[:40]))


# --- the comment form's quieter fields -----------------------------------------------------------


@pytest.mark.parametrize("field", ["author_email", "parent", "issued", "website"])
def test_the_comment_forms_other_fields_take_the_corpus_without_a_server_error(field):
    article = make_article()
    index = iter(range(10_000))

    def check(text):
        response = guest_post(article, next(index), **{field: text})
        assert_no_5xx(response, field)
        if response.status_code == 302:  # a well-formed address, or a honeypot: said nothing
            return
        html = assert_refused_with_a_message(response, field)
        assert textarea_text(html, "body") == guest_data()["body"], "the comment was lost"

    walk_corpus(check, corpus=SAMPLE)


# --- the report form's note ----------------------------------------------------------------------


def test_the_report_note_takes_the_corpus_and_the_queue_shows_it_as_text(moderator_client):
    comment = make_comment(make_article(), body="A comment readers object to.")
    url = f"/en/comments/{comment.pk}/report/"
    index = iter(range(10_000))
    accepted = []

    def check(text):
        n = next(index)
        response = Client().post(
            url,
            {"reason": "abusive", "note": text},
            REMOTE_ADDR=f"10.{n // 250 % 250}.{n % 250}.9",
        )
        assert_no_5xx(response, "report")
        if response.status_code == 302:
            accepted.append(text)
            return
        html = assert_refused_with_a_message(response, "refused report")
        assert_kept(textarea_text(html, "note"), text)

    walk_corpus(check)
    assert len(accepted) > 200

    queue = text_of(moderator_client.get(QUEUE, {"tab": "reported"}))
    assert_inert(queue, "reported tab")
    item = queue_item(queue, comment)
    assert item is not None
    missing = [
        label(report.note)
        for report in Report.objects.filter(comment=comment).exclude(note="")
        if f"“{escape(report.note)}”" not in item
    ]
    assert not missing, f"{len(missing)} notes not shown as text: {missing[:20]}"


# --- the edit form -------------------------------------------------------------------------------


def test_the_edit_form_takes_the_corpus_and_shows_each_edit_as_text(moderator_client):
    article = make_article()
    author = Client()
    confirm_in(author, GUEST_EMAIL)
    response = author.post(post_url(article), guest_data(), REMOTE_ADDR="10.3.0.1")
    comment = posted_comment(response)
    assert comment.status == PENDING  # editable for as long as it waits
    url = f"/en/comments/{comment.pk}/edit/"

    def check(text):
        response = author.post(url, {"body": text}, REMOTE_ADDR="10.3.0.1")
        assert_no_5xx(response, "edit")
        if response.status_code != 302:
            html = assert_refused_with_a_message(response, "refused edit")
            assert_kept(textarea_text(html, "body"), text)
            return
        edited = Comment.objects.get(pk=comment.pk)
        page = text_of(author.get(article.get_absolute_url()))
        assert_inert(page, "author's article page")
        assert_body_shown_as_text(body_html_of(comment_item(page, edited)), edited.body)

    walk_corpus(check)

    form = text_of(author.get(url))
    assert_inert(form, "edit form")
    assert textarea_text(form, "body") == Comment.objects.get(pk=comment.pk).body

    # The queue shows the last text and every earlier version, as text.
    queue = text_of(moderator_client.get(QUEUE))
    assert_inert(queue, "queue with versions")
    item = queue_item(queue, comment)
    versions = re.findall(r'<q dir="auto">(.*?)</q>', item, re.DOTALL)
    assert versions and all("<" not in version for version in versions)


# --- the moderation queue's filter and bulk fields -----------------------------------------------


def test_the_queues_filter_takes_the_corpus(moderator_client):
    make_comment(status=PENDING, body="Waiting for a moderator.")

    def check(text):
        response = moderator_client.get(QUEUE, {"reason": text, "tab": text, "page": text})
        assert response.status_code == 200, response.status_code
        assert_inert(text_of(response), "queue")

    walk_corpus(check)


def test_the_queues_filter_takes_query_strings_that_are_not_utf8(moderator_client):
    def check(query_string):
        for name in ("reason", "tab", "page"):
            response = moderator_client.get(
                QUEUE, QUERY_STRING=query_string.replace("q=", f"{name}=")
            )
            assert response.status_code == 200, (name, response.status_code)
            assert_inert(text_of(response), "queue")

    walk_corpus(check, corpus=INVALID_UTF8_QUERIES)


def test_the_queues_bulk_fields_refuse_the_corpus_with_a_message(moderator_client):
    waiting = make_comment(status=PENDING, body="Waiting for a moderator.")

    def check(text):
        for data in (
            {"bulk": "1", "bulk_action": text, "ids": [waiting.pk]},
            {"bulk": "1", "bulk_action": "approve", "ids": [text]},
            {"bulk": "1", "bulk_action": "approve", "ids": [waiting.pk], "bulk_reason": text},
            {"decide": f"approve:{text}"},
        ):
            response = moderator_client.post(QUEUE, data)
            assert 400 <= response.status_code < 500, (list(data), response.status_code)
            assert response.content.strip(), f"{list(data)}: refused without saying why"
            assert_inert(text_of(response), "refusal")

    walk_corpus(check)
    assert Comment.objects.get(pk=waiting.pk).status == PENDING


def test_a_decision_keeps_a_hostile_filter_inside_the_queues_address(moderator_client):
    """The decision is made whatever the filter says, so the answer must be the queue
    again, never an error page (which would tell the moderator it failed)."""

    def check(text):
        waiting = make_comment(status=PENDING)
        response = moderator_client.post(
            f"{QUEUE}?reason={quote(text, safe='')}", {"decide": f"reject:{waiting.pk}"}
        )
        assert response.status_code < 500, response.status_code
        decided = Comment.objects.get(pk=waiting.pk).status == REJECTED
        assert response.status_code == 302, (response.status_code, f"rejected: {decided}")
        location = urlsplit(response["Location"])
        assert (location.scheme, location.netloc, location.path) == ("", "", QUEUE), location
        assert parse_qs(location.query).get("tab") == ["pending"], location.query

    walk_corpus(check, corpus=SAMPLE)


# --- the article page's comment parameters -------------------------------------------------------


@pytest.fixture
def commented_article():
    article = make_article()
    for _ in range(3):
        make_comment(article)
    return article


# comments/caching.py keys the thread block on the raw ?cpage= (cut to 8 characters):
# Django warns that such keys would not suit memcached. Redis and local memory take them.
no_cache_key_warning = pytest.mark.filterwarnings(
    "ignore::django.core.cache.backends.base.CacheKeyWarning"
)


@no_cache_key_warning
def test_the_article_page_takes_the_corpus_in_its_comment_parameters(commented_article):
    url = commented_article.get_absolute_url()

    def check(text):
        response = Client().get(url, {"cpage": text, "reply_to": text})
        assert response.status_code == 200, response.status_code
        html = text_of(response)
        assert_inert(html, "article page")
        assert len(comments_section(html).split('<li class="comment"')) == 4, "threads lost"
        parent = input_value(html, "parent")
        assert parent is not None, "no comment form"
        assert parent == "" or (parent.isascii() and parent.isdigit()), parent[:60]

    walk_corpus(check)


@no_cache_key_warning
@pytest.mark.parametrize("name", ["q", "cpage", "reply_to"])
def test_the_article_page_takes_query_strings_that_are_not_utf8(name, commented_article):
    url = commented_article.get_absolute_url()

    def check(query_string):
        response = Client().get(url, QUERY_STRING=query_string.replace("q=", f"{name}="))
        assert response.status_code == 200, response.status_code
        assert_inert(text_of(response), name)

    walk_corpus(check, corpus=INVALID_UTF8_QUERIES)


@no_cache_key_warning
def test_the_comment_forms_address_passes_hostile_parameters_on_inert(commented_article):
    url = post_url(commented_article)

    def check(text):
        response = Client().get(url, {"cpage": text, "reply_to": text})
        if response.status_code == 400:  # too long to pass on (Django's DisallowedRedirect)
            assert "Bad request" in text_of(response)
            assert_inert(text_of(response), "400 page")
            return
        assert response.status_code == 302, response.status_code
        location = urlsplit(response["Location"])
        assert (location.scheme, location.netloc) == ("", ""), location
        assert location.path == commented_article.get_absolute_url()

    walk_corpus(check)


# --- guests' signed links ------------------------------------------------------------------------


def token_path(kind: str, text: str) -> str:
    return f"/en/comments/{kind}/{quote(text, safe='')}/"


@pytest.mark.parametrize("kind", ["status", "confirm"])
def test_a_hostile_token_is_refused_with_a_message(kind):
    browser = Client()

    def check(text):
        for method in ("get", "post") if kind == "confirm" else ("get",):
            response = getattr(browser, method)(token_path(kind, text))
            assert 400 <= response.status_code < 500, (method, response.status_code)
            html = text_of(response)
            assert_inert(html, kind)
            if response.status_code == 400:
                assert "This link does not work" in html

    walk_corpus(check)


@pytest.mark.parametrize("kind", ["status", "confirm"])
def test_a_token_with_a_hostile_payload_or_query_is_refused(kind):
    """Tokens that look right (a real one with the corpus after it, or in its query)."""
    comment = make_comment(status=PENDING)
    real = status_url(comment).rstrip("/").rpartition("/")[2]
    browser = Client()

    def check(text):
        response = browser.get(token_path(kind, real + text))
        assert 400 <= response.status_code < 500, response.status_code
        assert_inert(text_of(response), kind)
        response = browser.get(f"/en/comments/{kind}/{real}/", {"next": text, "q": text})
        assert_no_5xx(response, "query")
        assert_inert(text_of(response), kind)

    walk_corpus(check, corpus=SAMPLE)


def test_a_status_page_shows_a_hostile_comment_as_text():
    article = make_article()

    def check(text):
        text = text.replace("\x00", "")  # the form refuses NUL; PostgreSQL could not store it
        comment = make_comment(article, status=PENDING, author_name=text[:60], body=text[:3000])
        response = Client().get(status_url(comment))
        assert response.status_code == 200, response.status_code
        html = text_of(response)
        assert_inert(html, "status page")
        body = re.search(
            r'<blockquote class="comment-body" dir="auto">(.*?)</blockquote>', html, re.DOTALL
        )
        assert body, "no comment shown"
        assert_body_shown_as_text(body.group(1), comment.body)

    walk_corpus(check)


def test_signed_tokens_of_the_wrong_shape_are_refused():
    """Only the site can sign; still, a token of an old format or another salt is a 400."""
    for kind, salt in (("status", STATUS_SALT), ("confirm", CONFIRM_SALT)):
        for payload in ("<script>", {"comment": "1"}, {"comment": 10**30}, 10**30, [1], None):
            token = signing.dumps(payload, salt=salt)
            response = Client().get(f"/en/comments/{kind}/{token}/")
            assert 400 <= response.status_code < 500, (kind, payload, response.status_code)


# --- comment addresses with numbers no database holds --------------------------------------------


@pytest.mark.parametrize("suffix", ["", "edit/", "delete/", "report/"])
def test_a_comment_id_too_large_for_any_database_is_not_found(suffix):
    for pk in ("9" * 19, "9" * 400, "0" * 50 + "1"):
        response = Client().get(f"/en/comments/{pk}/{suffix}")
        assert response.status_code == 404, (pk[:20], response.status_code)

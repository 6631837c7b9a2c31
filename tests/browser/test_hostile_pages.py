"""The most dangerous strings of the corpus as comment names and bodies, opened in Chromium.

Whatever the server-side tests read in the HTML, only a browser says for sure whether
a script runs. Each page that shows readers' comments (the article, the front page's
sidebar, a commenter's status page, the moderators' queue) is opened with the comments
on it; any dialog (alert, confirm, prompt) fails the test, so does a payload that
rewrites the title to PWNED or sets window.__pwned, and the harness fails it on any
console error or CSP violation. journey.goto() runs axe-core on every page as well.
"""

import re

import pytest
from playwright.sync_api import expect

from comments.guests import status_url
from tests.accounts.factories import make_member
from tests.articles.factories import make_article
from tests.browser.conftest import role_group
from tests.browser.test_comment_journey import sign_in
from tests.comments.factories import APPROVED, PENDING, make_comment
from tests.hostile_corpus import (
    BROKEN_MARKUP,
    DANGEROUS_URLS,
    EVENT_HANDLERS,
    SCRIPT_TAGS,
    SVG_AND_MATHML,
)

pytestmark = pytest.mark.django_db(transaction=True)

PWNED = "PWNED"
# Payloads that say so when they run: no alert() needed to notice them.
TELLTALES = [
    "<img src=x onerror=\"document.title='PWNED'\">",
    "<img src=x onerror=window.__pwned=1>",
    "<svg onload=\"document.title='PWNED'\">",
    "<svg><script>document.title='PWNED'</script></svg>",
    "<details open ontoggle=\"document.title='PWNED'\">x</details>",
    "<input autofocus onfocus=\"document.title='PWNED'\">",
    "<body onload=\"document.title='PWNED'\">",
    '"><img src=x onerror="document.title=\'PWNED\'">',
    "'><img src=x onerror=window.__pwned=1>",
    "</textarea><img src=x onerror=\"document.title='PWNED'\">",
    "</bdi></p><img src=x onerror=window.__pwned=1>",
    "<noscript><p title=\"</noscript><img src=x onerror=document.title='PWNED'>\">",
    "<svg></p><style><a id=\"</style><img src=1 onerror=document.title='PWNED'>\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    "<iframe srcdoc=\"<script>parent.document.title='PWNED'</script>\"></iframe>",
    "<a href=\"javascript:document.title='PWNED'\" id=pwn>click</a>",
    "<scr<script>ipt>document.title='PWNED'</scr</script>ipt>",
    "<script>document.title='PWNED'</script>",
    "<ScRiPt>window.__pwned=1</sCrIpT>",
]
PAYLOADS = list(
    dict.fromkeys(
        [
            *TELLTALES,
            *SCRIPT_TAGS[:8],
            *EVENT_HANDLERS[::5],
            *DANGEROUS_URLS[:12:3],
            *DANGEROUS_URLS[-3:],
            *SVG_AND_MATHML,
            *BROKEN_MARKUP[:14],
        ]
    )
)
NAME_LENGTH = 60  # comments.forms.CommentForm.author_name

# What in the live DOM could run script, outside the site's own same-origin scripts.
LIVE_DOM_PROBLEMS = """() => {
  const runnable = /^\\s*(javascript|vbscript|data):/i;
  const urlAttributes = ["href", "src", "action", "formaction", "data", "xlink:href"];
  const found = [];
  for (const script of document.scripts) {
    const own = script.src && new URL(script.src).origin === location.origin;
    if (!own && script.type !== "application/ld+json") {
      found.push("script: " + script.outerHTML.slice(0, 80));
    }
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) found.push(element.tagName + " " + attribute.name);
      const value = attribute.value.replace(/[\\u0000-\\u001f]/g, "");
      if (urlAttributes.includes(attribute.name) && runnable.test(value)) {
        found.push(element.tagName + " " + attribute.name + "=" + attribute.value.slice(0, 60));
      }
    }
  }
  const never = "iframe, frame, object, embed, base, svg, math, meta[http-equiv]";
  for (const element of document.querySelectorAll(never)) {
    found.push("element " + element.tagName);
  }
  return found;
}"""


@pytest.fixture
def hostile_comments(settings):
    """One article with every payload as an approved comment (name and body), another with
    every payload waiting in the moderators' queue."""
    settings.COMMENTS_SIDEBAR_COUNT = len(PAYLOADS) + 5
    settings.COMMENTS_PER_PAGE = len(PAYLOADS) + 5
    shown = make_article(headline="Readers who write markup")
    held = make_article(headline="Markup that waits for a moderator")
    approved = [
        make_comment(shown, status=APPROVED, author_name=text[:NAME_LENGTH], body=text)
        for text in PAYLOADS
    ]
    pending = [
        make_comment(held, status=PENDING, author_name=text[:NAME_LENGTH], body=text)
        for text in PAYLOADS
    ]
    return shown, approved, pending


@pytest.fixture
def dialogs(page):
    """Every dialog a page opens (a script ran): dismissed, and remembered to fail on."""
    opened = []

    def on_dialog(dialog):
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


@pytest.fixture
def moderator():
    user = make_member(username="hostile-desk", display_name="Hostile Desk", is_staff=True)
    user.groups.add(role_group("Moderators"))
    return user


def assert_nothing_ran(page, dialogs, where: str) -> None:
    """No script of a reader's ran on the page, and none could."""
    __tracebackhide__ = True
    # Give onerror, onload, ontoggle and autofocus handlers their moment to fire.
    page.wait_for_timeout(300)
    assert dialogs == [], (where, dialogs)
    assert PWNED not in page.title(), (where, page.title())
    assert page.evaluate("() => window.__pwned === undefined"), (where, "window.__pwned set")
    problems = page.evaluate(LIVE_DOM_PROBLEMS)
    assert problems == [], (where, problems[:10])


def hover_every(page, selector: str) -> None:
    """Hover each element (onmouseover, onpointerenter) and focus it (onfocus)."""
    for element in page.locator(selector).all():
        element.hover()


def test_the_checks_notice_a_script_that_runs(page, dialogs):
    # The control for the tests below: markup that runs fails them.
    for markup in (
        "<script>alert(1)</script>",
        "<details open ontoggle=\"document.title='PWNED'\">x</details>",
        "<p><b onclick=x>inert until clicked, but a handler all the same</b></p>",
    ):
        page.set_content(markup)
        with pytest.raises(AssertionError):
            assert_nothing_ran(page, dialogs, markup)
        dialogs.clear()


def test_the_article_page_runs_no_readers_script(journey, dialogs, hostile_comments):
    article, approved, _ = hostile_comments
    page = journey.page

    journey.goto(article.get_absolute_url())

    comments = page.locator("#comments li.comment")
    expect(comments).to_have_count(len(approved))
    # The payloads are on the page, as text.
    text = page.locator("#comments").inner_text()
    assert "<img src=x onerror=\"document.title='PWNED'\">" in text
    assert "<script>document.title='PWNED'</script>" in text
    hover_every(page, "#comments .comment-body, #comments .comment-author")
    assert_nothing_ran(page, dialogs, "article page")


def test_the_front_pages_sidebar_runs_no_readers_script(journey, dialogs, hostile_comments):
    _, approved, _ = hostile_comments
    page = journey.page

    journey.goto("/en/")

    sidebar = page.get_by_role("region", name="What you say")
    expect(sidebar.locator("li")).to_have_count(len(approved))
    expect(sidebar).to_contain_text("<svg onload=\"document.title='PWNED'\">")
    hover_every(page, ".what-you-say .excerpt a, .what-you-say .comment-author")
    assert_nothing_ran(page, dialogs, "front page")


def test_a_commenters_status_page_runs_no_readers_script(journey, dialogs, hostile_comments):
    _, approved, pending = hostile_comments
    page = journey.page

    for comment in (*approved[: len(TELLTALES)], pending[0]):
        journey.goto(status_url(comment))
        expect(page.locator(".comment-status .comment-body")).to_have_text(
            re.compile(re.escape(" ".join(comment.body.split())[:30]))
        )
        assert_nothing_ran(page, dialogs, f"status page of {comment.body[:40]!r}")


def test_the_moderation_queue_runs_no_readers_script(journey, dialogs, hostile_comments, moderator):
    _, _, pending = hostile_comments
    page = journey.page

    sign_in(journey, moderator, "/en/comments/moderation/")

    shown = 0
    for number in range(1, len(pending) // 50 + 2):
        journey.goto(f"/en/comments/moderation/?page={number}")
        items = page.locator("li.queue-item")
        shown += items.count()
        hover_every(page, "li.queue-item .comment-body, li.queue-item bdi")
        assert_nothing_ran(page, dialogs, f"queue page {number}")
    assert shown == len(pending)
    # The queue's own script still works beside the readers' markup.
    page.locator(".select-all").check()
    expect(page.locator('input[name="ids"]:checked')).to_have_count(items.count())
    assert_nothing_ran(page, dialogs, "queue after select all")

"""What the comment tests share: posting like a browser, and reading pages like a reader."""

import re
from contextlib import contextmanager
from html import unescape

from django.db import transaction
from django.http import HttpResponse
from django.test import TestCase
from django.urls import reverse

from comments.forms import new_form_token
from comments.guests import COOKIE_NAME, remember_confirmed
from tests.pages import block, start_tags, text_of  # noqa: F401 (shared with the tests)

DEFAULT_BODY = "A thoughtful remark about the article."


def issued() -> str:
    """A fresh signed `issued` token, as each rendering of the form carries."""
    return new_form_token()


def issued_from(html: str) -> str:
    found = re.search(r'name="issued" value="([^"]+)"', html)
    assert found, "the page has no comment form"
    return unescape(found.group(1))


def post_url(article) -> str:
    return reverse("comments:post", args=[article.pk])


def guest_data(**fields) -> dict:
    data = {
        "author_name": "Dana Guest",
        "author_email": "dana@example.com",
        "body": DEFAULT_BODY,
        "website": "",
        "issued": issued(),
    }
    data.update(fields)
    return data


def confirm_in(client, email: str) -> None:
    """Give `client` the cookie of a browser that confirmed `email` (following the emailed
    link does that; tests/comments/test_confirmation.py follows it for real)."""
    response = HttpResponse()
    remember_confirmed(response, email)
    client.cookies[COOKIE_NAME] = response.cookies[COOKIE_NAME].value


@contextmanager
def committed():
    """Run the on-commit work the block leaves when it ends, as a request's commit would.

    The test's own transaction never commits, so what a view leaves for after the
    commit (the confirmation mail it queues) would never run. The work is run once: an
    enclosing capture of on-commit callbacks does not run it again.
    """
    waiting = transaction.get_connection().run_on_commit
    start = len(waiting)
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
    del waiting[start:]


def post_comment(client, article, address="10.0.0.1", confirmed=True, **fields):
    """POST the comment form of `article` from `address`, as a guest unless signed in.

    A guest posts from a browser that confirmed their address already, unless
    `confirmed=False`: then a first comment awaits the emailed link, queued with the
    comment and sent (the suite's tasks run at once) when the request's work commits.
    """
    data = guest_data(**fields)
    if confirmed and data.get("author_email"):
        confirm_in(client, data["author_email"])
    with committed():
        return client.post(post_url(article), data, REMOTE_ADDR=address)


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.DOTALL)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" (?=[.,;:!?])", "", text)


def comments_section(html: str) -> str:
    return block(html, r'<section class="comments"[^>]*>(.*?)</section>')


def sidebar(html: str) -> str:
    """The "What you say" block, or "" when the page has none."""
    found = re.search(r'<section class="what-you-say"[^>]*>(.*?)</section>', html, re.DOTALL)
    return found.group(1) if found else ""


def comment_count(html: str) -> int:
    return int(block(html, r'<span class="comment-count">\((\d+)\)</span>'))


def comment_ids(html: str) -> list[int]:
    """Ids of the comments shown in the article's threads (not the reader's own pending ones)."""
    return [int(pk) for pk in re.findall(r'<li class="comment" id="comment-(\d+)"', html)]


def form_html(html: str) -> str:
    """The comment form, or "" when the page has none."""
    found = re.search(
        r'<form method="post" action="/en/comments/on/\d+/[^"]*".*?</form>', html, re.DOTALL
    )
    return found.group(0) if found else ""


def card_counts(html: str) -> dict[str, str]:
    """{headline: "N comments"} for the article cards that show a count."""
    counts = {}
    for card in re.findall(r'<article class="card[^"]*">(.*?)</article>', html, re.DOTALL):
        headline = re.search(r'class="card-headline"><a href="[^"]*">([^<]*)</a>', card)
        count = re.search(r'#comments">(\d+ comments?)</a>', card)
        if count:
            counts[headline.group(1)] = count.group(1)
    return counts

"""What the trust-and-safety tests share: the mails and links guests get, the messages a
page shows, the moderators' pages and readers' reports."""

import re
from html import unescape
from urllib.parse import urlparse

from defusedxml import ElementTree
from django.core import mail

from comments.models import Comment, ModerationReason

from .helpers import sidebar, text_of, visible_text

QUEUE = "/en/comments/moderation/"
LOG = "/en/comments/moderation/log/"
BANS = "/en/comments/moderation/bans/"


def make_reason(
    label="Wandered off", explanation="Comments should be about the article.", **fields
):
    """A reason of the moderators' own (the migrations seed a few common ones)."""
    return ModerationReason.objects.create(label=label, explanation=explanation, **fields)


def fresh(comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


def status_of(comment) -> str:
    return Comment.objects.values_list("status", flat=True).get(pk=comment.pk)


# --- messages and forms on pages -------------------------------------------------------------


def messages_html(html: str) -> str:
    """The flashed messages of a page, or "" when it shows none: the block on top, and
    what became of a comment just sent, which is shown at that comment."""
    found = re.search(r'<div class="wrap messages" role="status">(.*?)</div>', html, re.DOTALL)
    outcomes = re.findall(
        r'<p class="[^"]*\bcomment-outcome\b[^"]*" role="status">(.*?)</p>', html, re.DOTALL
    )
    return "".join([found.group(1) if found else "", *outcomes])


def messages_text(html: str) -> str:
    return visible_text(messages_html(html))


def status_link_in(html: str) -> str:
    """Where the "Follow your comment's status" link of the flashed message goes."""
    found = re.search(r'<a href="(/en/comments/status/[^"/]+/)">', messages_html(html))
    assert found, "the message carries no status link"
    return unescape(found.group(1))


def form_error(html: str) -> str:
    """The alert the comment form shows above itself, as a reader reads it."""
    found = re.search(r'<p class="form-error" role="alert">(.*?)</p>', html, re.DOTALL)
    return visible_text(found.group(1)) if found else ""


def textarea_text(html: str, name: str = "body") -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.DOTALL)
    assert found, f"the page has no {name!r} box"
    return unescape(found.group(1))


def json_ld(html: str) -> str:
    return "".join(
        re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    )


# --- mail ----------------------------------------------------------------------------------------


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def _path_of(message, kind: str) -> str:
    paths = [urlparse(link).path for link in links_in(message)]
    found = [path for path in paths if path.startswith(f"/en/comments/{kind}/")]
    assert len(found) == 1, f"expected one {kind} link in the mail, found {paths}"
    return found[0]


def confirm_path(message=None) -> str:
    """The path of the confirmation link in `message` (the last mail sent unless given)."""
    return _path_of(message or mail.outbox[-1], "confirm")


def status_path(message=None) -> str:
    return _path_of(message or mail.outbox[-1], "status")


def html_part(message) -> str:
    (alternative,) = message.alternatives
    return alternative[0]


def tampered(token_path: str) -> str:
    """The same link with one character of its signature changed."""
    head, _, token = token_path.rstrip("/").rpartition("/")
    last = "A" if token[-1] != "A" else "B"
    return f"{head}/{token[:-1]}{last}/"


# --- public pages --------------------------------------------------------------------------------


def feed_text(client) -> str:
    """Everything the comments feed says, tags and all."""
    response = client.get("/en/feeds/comments/")
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # well-formed
    return unescape(response.content.decode())


def sidebar_of(client, url: str = "/") -> str:
    return sidebar(text_of(client.get(url)))


# --- the queue and readers' reports --------------------------------------------------------------


def queue_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="queue-item" id="comment-(\d+)">', html)]


def queue_item(html: str, comment) -> str:
    found = re.search(
        rf'<li class="queue-item" id="comment-{comment.pk}">(.*?)\n      </li>', html, re.DOTALL
    )
    assert found, f"comment {comment.pk} is not in the queue"
    return found.group(1)


def report_url(comment) -> str:
    return f"/en/comments/{comment.pk}/report/"


def report(client, comment, reason="abusive", note="", address="10.9.0.1", **extra):
    """POST the report form on `comment` from `address`."""
    data = {"reason": reason, "note": note}
    return client.post(report_url(comment), data, REMOTE_ADDR=address, **extra)

"""What became of a comment just sent, told where its author lands: at the comment.

After posting, the browser is sent to the comment's anchor (#comment-N), down the page.
A thanks message at the top of the page would be off-screen there, so the one about a
comment is a flashed message (django.contrib.messages: one-shot, kept across the
redirect, no script needed) marked with the comment it is about. The page's general
message area leaves it out (`without_comment_outcomes`), and the comments block shows
it inside the comment itself, or above the comments when the comment is not on the page.
"""

import re

from django.contrib import messages

OUTCOME_TAG = "comment-outcome"
_COMMENT_TAG = re.compile(r"\bcomment-(\d+)\b")


def tell_outcome(request, comment, text, level=messages.INFO) -> None:
    """Flash `text` about `comment`, to be shown at the comment on the next page."""
    messages.add_message(request, level, text, extra_tags=f"{OUTCOME_TAG} {comment.anchor}")


def _comment_id(message) -> int | None:
    tags = message.extra_tags or ""
    if OUTCOME_TAG not in tags.split():
        return None
    found = _COMMENT_TAG.search(tags)
    return int(found.group(1)) if found else None


def comment_outcomes(request) -> dict[int, object]:
    """{comment id: its message} for the outcomes this request has to show."""
    return {
        comment_id: message
        for message in messages.get_messages(request)
        if (comment_id := _comment_id(message)) is not None
    }


def without_comment_outcomes(flashed) -> list:
    """The flashed messages that are not about one comment: those the page shows on top."""
    if not flashed:
        return []
    return [message for message in flashed if _comment_id(message) is None]


def place_in_thread(threads_html: str, comment_id: int, outcome_html: str) -> str | None:
    """`threads_html` with `outcome_html` first inside the comment `comment_id`, or None
    when that comment is not among them.

    The threads come rendered from the shared cache (comments.caching), the same for
    every reader, so what is for this reader alone goes in afterwards. Readers' text is
    escaped in them, so the comment's opening tag is found only where the site wrote it.
    """
    opening = re.compile(rf'<li class="comment[^"<>]*" id="comment-{comment_id}">')
    found = opening.search(threads_html)
    if found is None:
        return None
    return threads_html[: found.end()] + outcome_html + threads_html[found.end() :]

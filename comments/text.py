"""Readers' text: plain, escaped, line breaks kept, links made safe."""

import re

import bleach
from django.utils.html import escape, linebreaks


def _rel(attrs, new=False):
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


_linker = bleach.Linker(callbacks=[_rel], skip_tags={"pre", "code"})

# The explicit directional formatting characters of Unicode's bidirectional algorithm
# (UAX #9): embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069). An
# override shows the letters after it in reverse ("gnp.exe" reads "exe.png"), and one
# left open reorders whatever follows it. No script needs them to read correctly: the
# page isolates each comment (dir="auto", <bdi>) and the algorithm orders Arabic,
# Kurdish or Hebrew text mixed with Latin words and digits by itself.
#
# The implicit marks (U+200E LRM, U+200F RLM, U+061C ALM) are kept: they reverse no
# letters, they only tell a neighbouring comma, bracket or number which way to go, and
# people who write right-to-left type them for exactly that. What little they can move
# (whole words, never the letters of one) stays inside the isolated comment.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_direction_controls(text: str) -> str:
    """`text` without the bidirectional embedding, override and isolate controls.

    Applied to every comment body and name before it is saved (Comment.save() and the
    comment forms), so no stored comment can flip how it, or the page around it, reads.
    """
    return DIRECTION_CONTROLS.sub("", text)


def count_links(body: str) -> int:
    """How many links a reader's text becomes once rendered (bare domains included)."""
    return render_comment_body(body).count("<a ")


def render_comment_body(body: str) -> str:
    """A comment as HTML: every character escaped, paragraphs and line breaks kept, and
    web addresses turned into rel="nofollow ugc noopener" links. Nothing else is markup.
    """
    return _linker.linkify(linebreaks(escape(strip_direction_controls(body))))


def excerpt(body: str, limit: int = 140) -> str:
    """The start of a comment, at most `limit` characters, cut at a word boundary with "…".

    A single word longer than the limit (a pasted address, a 3,000-character line) is
    cut inside the word, so no excerpt outgrows its box.
    """
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"

"""Readers' text: plain, escaped, line breaks kept, links made safe."""

import bleach
from django.utils.html import escape, linebreaks


def _rel(attrs, new=False):
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


_linker = bleach.Linker(callbacks=[_rel], skip_tags={"pre", "code"})


def count_links(body: str) -> int:
    """How many links a reader's text becomes once rendered (bare domains included)."""
    return render_comment_body(body).count("<a ")


def render_comment_body(body: str) -> str:
    """A comment as HTML: every character escaped, paragraphs and line breaks kept, and
    web addresses turned into rel="nofollow ugc noopener" links. Nothing else is markup.
    """
    return _linker.linkify(linebreaks(escape(body)))


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

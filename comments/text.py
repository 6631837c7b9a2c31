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

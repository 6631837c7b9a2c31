"""Cleaning the HTML that editors write, so nothing executable reaches a reader."""

import re

import bleach
from bleach.html5lib_shim import Filter
from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks

# The safelist: structure and emphasis an article needs, nothing that runs or styles.
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h2", "h3", "h4", "blockquote", "ul", "ol", "li",
        "strong", "em", "b", "i", "u", "s", "sub", "sup", "a", "abbr", "cite", "q",
        "code", "pre", "hr", "figure", "figcaption", "table", "thead", "tbody", "tr",
        "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "q": ["cite"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Elements dropped together with their content, so their text never shows on the page.
# They pass the safelist only to reach _DropWithContent, which removes them whole; the
# parser (html5lib, as browsers parse) decides where each one ends.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "iframe", "object", "embed", "noscript", "svg",
        "math", "textarea", "select", "title", "noembed", "noframes", "xmp",
    }
)  # fmt: skip
# Far more tags than any article has (a long one has a few hundred). The HTML parser's
# time grows with the square of the tags left open: 33,000 unclosed <b> take seconds to
# clean, 5,000 a fraction of one.
MAX_TAGS = 5_000
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
_BLOCK_TAG = re.compile(r"<(p|h[1-6]|ul|ol|blockquote|table|figure|pre|div)\b", re.IGNORECASE)


class _DropWithContent(Filter):
    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            if token.get("name") in DROPPED_WITH_CONTENT and token["type"] in (
                "StartTag",
                "EndTag",
                "EmptyTag",
            ):
                if token["type"] == "StartTag":
                    depth += 1
                elif token["type"] == "EndTag":
                    depth = max(0, depth - 1)
                continue
            if depth == 0:
                yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_DropWithContent],
)


def validate_markup_size(source: str) -> None:
    """Refuse a body with more than MAX_TAGS tags, before the cleaner spends seconds on it."""
    count = len(_TAG_START.findall(source or ""))
    if count > MAX_TAGS:
        raise ValidationError(
            "This text has %(count)s HTML tags; an article can have at most %(limit)s. "
            "Remove unneeded markup, or split it into several articles.",
            code="too_many_tags",
            params={"count": f"{count:,}", "limit": f"{MAX_TAGS:,}"},
        )


def sanitise_body(source: str) -> str:
    """Return the article body as safe HTML.

    HTML is cleaned against the safelist above; text with no block-level markup is
    treated as plain paragraphs (a blank line separates them, a single newline is a
    line break).
    """
    source = (source or "").strip()
    if not source:
        return ""
    if not _BLOCK_TAG.search(source):
        source = linebreaks(source, autoescape=False)
    # A paragraph whose whole content was dropped leaves nothing behind.
    return _EMPTY_PARAGRAPH.sub("", _cleaner.clean(source)).strip()


def insert_dateline(body_html: str, dateline: str) -> str:
    """Open the first paragraph with the dateline ("ERBIL, Kurdistan Region –")."""
    if not dateline:
        return body_html
    marker = f'<span class="dateline">{escape(dateline)} –</span> '
    if body_html.startswith("<p>"):
        return f"<p>{marker}{body_html[3:]}"
    return f"<p>{marker}</p>{body_html}"

"""Cleaning the HTML that editors write, so nothing executable reaches a reader."""

import html
import re

import bleach
from bleach.html5lib_shim import Filter
from django.core.exceptions import ValidationError
from django.utils.html import escape

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
        "math", "textarea", "select", "title", "noembed", "noframes", "xmp", "xml",
    }
)  # fmt: skip
# Paragraph boundaries in pasted or hand-written HTML that are not on the safelist: they
# reach _Paragraphs, which turns their content into paragraphs and drops the tags. A
# word processor or a browser's rich text pastes <div>s where it means paragraphs, and
# headings of every level.
TRANSPARENT_BLOCKS = frozenset(
    {
        "div", "section", "article", "header", "footer", "main", "aside", "nav", "address",
        "center", "dl", "hgroup", "details", "summary",
    }
)  # fmt: skip
RENAMED_BLOCKS = {"h1": "h2", "h5": "h4", "h6": "h4", "dt": "p", "dd": "p"}
PARAGRAPHS = frozenset({"p", "h2", "h3", "h4"})
# Far more tags than any article has (a long one has a few hundred). The HTML parser's
# time grows with the square of the tags left open: 33,000 unclosed <b> take seconds to
# clean; 5,000 take one to a few (nested <ul><li> or <div> the most).
MAX_TAGS = 5_000
_TAG_START = re.compile(r"<[A-Za-z/!?]")
# Spacing inside an HTML paragraph, which a browser shows as one space.
_HTML_SPACES = re.compile(r"[ \t\n\r\f]+")
# A blank line in text typed outside any paragraph: a paragraph break.
_BLANK_LINE = re.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)+[^\S\n]*")
# Google Docs wraps everything it copies in <b style="font-weight:normal" id="docs-internal-
# guid-…">: a wrapper, not bold text.
_GOOGLE_DOCS_WRAPPER = "docs-internal-guid-"


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


def _is_blank(token: dict) -> bool:
    """Whitespace only, counting no-break spaces (&nbsp;, U+00A0) as whitespace."""
    if token["type"] == "Entity":
        return not html.unescape(f"&{token['name']};").strip()
    return token["type"] in ("Characters", "SpaceCharacters") and not token["data"].strip()


def _is_text(token: dict) -> bool:
    return token["type"] in ("Characters", "SpaceCharacters", "Entity")


def _is_br(token: dict) -> bool:
    return token["type"] == "EmptyTag" and token["name"] == "br"


# Blocks kept as they are, with their insides put in order.
_KEPT_BLOCKS = frozenset(
    {
        "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "caption",
        "figure", "figcaption", "pre",
    }
)  # fmt: skip
_FLOW_BREAKERS = PARAGRAPHS | TRANSPARENT_BLOCKS | frozenset(RENAMED_BLOCKS)
_BLOCKS = _FLOW_BREAKERS | _KEPT_BLOCKS | {"hr"}


class _Element:
    """An element of the cleaned fragment: its opening token, its children, what it holds."""

    def __init__(self, start: dict) -> None:
        self.start = start
        self.name = start["name"]
        self.children: list = []
        self.holds_block = False  # some element inside it is a block
        self.holds_paragraphs = False  # some element inside it is a paragraph or a <div>

    @property
    def end(self) -> dict:
        return {"type": "EndTag", "name": self.name, "namespace": None}

    @property
    def is_google_docs_wrapper(self) -> bool:
        element_id = self.start.get("data", {}).get((None, "id"), "")
        return self.name == "b" and element_id.startswith(_GOOGLE_DOCS_WRAPPER)

    def finish(self) -> None:
        """Note what the children hold, once they are all there."""
        for child in self.children:
            if isinstance(child, _Element):
                self.holds_block |= child.name in _BLOCKS or child.holds_block
                self.holds_paragraphs |= child.name in _FLOW_BREAKERS or child.holds_paragraphs
            elif child["type"] == "EmptyTag" and child["name"] == "hr":
                self.holds_block = True


def _tree(tokens) -> list:
    """Nest the sanitiser's token stream (always balanced: it walks a parsed tree).

    Nothing here or below recurses: a body may nest thousands of tags.
    """
    root: list = []
    open_elements: list[_Element] = []
    for token in tokens:
        siblings = open_elements[-1].children if open_elements else root
        if token["type"] == "StartTag":
            element = _Element(token)
            siblings.append(element)
            open_elements.append(element)
        elif token["type"] == "EndTag":
            if open_elements:
                open_elements.pop().finish()
        else:
            siblings.append(token)
    while open_elements:
        open_elements.pop().finish()
    return root


class _ParagraphBuilder:
    """Gathers inline content into paragraphs, each opened and closed whole.

    Text outside any paragraph reads as typed text: a blank line ends a paragraph and a
    single newline is a line break. Inside a paragraph the source's newlines are HTML's
    spaces (a word processor wraps its HTML anywhere). Two line breaks in a row end a
    paragraph too, as they do on screen. Formatting open across a paragraph's end is
    closed there and opened again in the next one; a paragraph with nothing to read
    (spaces, no-break spaces, line breaks) is dropped, and its edges are trimmed.
    """

    def __init__(self) -> None:
        self.blocks: list[list[dict]] = []
        self.separators: list[list[dict]] = []
        self.gap: list[dict] = []
        self.paragraph: list[dict] | None = None
        self.tag = "p"
        self.open_inline: list[dict] = []

    # --- paragraphs ---
    def start(self, tag: str = "p") -> None:
        self.close()
        self.paragraph = []
        self.tag = tag
        self.paragraph.extend(dict(token) for token in self.open_inline)

    def ensure_open(self) -> None:
        if self.paragraph is None:
            self.start()

    def close(self) -> None:
        if self.paragraph is None:
            return
        content = self.paragraph + [
            {"type": "EndTag", "name": token["name"], "namespace": None}
            for token in reversed(self.open_inline)
        ]
        self.paragraph = None
        content = _trimmed(content)
        tag, self.tag = self.tag, "p"
        if any(_is_text(token) and not _is_blank(token) for token in content):
            self.block(
                [
                    {"type": "StartTag", "name": tag, "namespace": None, "data": {}},
                    *content,
                    {"type": "EndTag", "name": tag, "namespace": None},
                ],
                closing=False,
            )

    def block(self, tokens: list[dict], closing: bool = True) -> None:
        if closing:
            self.close()
        if self.blocks:
            self.separators.append(self.gap)
        self.blocks.append(tokens)
        self.gap = []

    def paragraph_break(self, separator: str) -> None:
        tag = self.tag if self.paragraph is not None else "p"
        self.close()
        self.gap = [{"type": "SpaceCharacters", "data": separator}]
        self.start(tag)

    # --- content ---
    def text(self, token: dict, typed: bool) -> None:
        if self.paragraph is None and _is_blank(token):
            # Between blocks: kept as it was, so hand-written HTML keeps its layout.
            self.gap.append(token)
            return
        if token["type"] == "Entity":
            self.ensure_open()
            self.paragraph.append(token)
            return
        if not typed:
            # HTML's own spacing: a newline in the source is a space on the page.
            self.ensure_open()
            self.paragraph.append({**token, "data": _HTML_SPACES.sub(" ", token["data"])})
            return
        data = token["data"].replace("\r\n", "\n").replace("\r", "\n")
        for number, piece in enumerate(_BLANK_LINE.split(data)):
            if number:
                self.paragraph_break("\n\n")
            for line_number, line in enumerate(piece.split("\n")):
                if line_number:
                    self.line_break()
                if line:
                    self.ensure_open()
                    self.paragraph.append({"type": "Characters", "data": line})

    def line_break(self) -> None:
        if self.paragraph is None:
            return  # a <br> between blocks is spacing, not content
        last = next(
            (i for i in range(len(self.paragraph) - 1, -1, -1) if not _is_blank(self.paragraph[i])),
            None,
        )
        if last is not None and _is_br(self.paragraph[last]):
            # Two line breaks in a row: the end of a paragraph.
            del self.paragraph[last]
            self.paragraph_break("\n")
        else:
            self.paragraph.append({"type": "EmptyTag", "name": "br", "namespace": None, "data": {}})

    def open(self, token: dict) -> None:
        self.ensure_open()
        self.paragraph.append(token)
        self.open_inline.append(token)

    def end(self, name: str) -> None:
        if self.paragraph is not None:
            self.paragraph.append({"type": "EndTag", "name": name, "namespace": None})
        if self.open_inline:
            self.open_inline.pop()

    def tokens(self) -> list[dict]:
        self.close()
        out: list[dict] = []
        for number, block in enumerate(self.blocks):
            if number:
                out.extend(self.separators[number - 1])
            out.extend(block)
        return out


def _trim_edge(tokens: list[dict], *, from_start: bool) -> list[dict]:
    """Drop line breaks and blank text at one end, up to the first text to read."""
    tokens = list(tokens)
    order = range(len(tokens)) if from_start else range(len(tokens) - 1, -1, -1)
    for index in order:
        token = tokens[index]
        if _is_br(token) or (_is_text(token) and _is_blank(token)):
            tokens[index] = None
        elif token["type"] in ("Characters", "SpaceCharacters"):
            data = token["data"]
            tokens[index] = {**token, "data": data.lstrip() if from_start else data.rstrip()}
            break
        elif _is_text(token):
            break
    return [token for token in tokens if token is not None]


def _trimmed(tokens: list[dict]) -> list[dict]:
    """Drop line breaks and spaces at either end of a paragraph, and emptied formatting."""
    tokens = _trim_edge(_trim_edge(tokens, from_start=True), from_start=False)
    # Formatting left with nothing inside it (<em></em>, <em><b></b></em>).
    kept: list[dict] = []
    for token in tokens:
        if (
            token["type"] == "EndTag"
            and kept
            and kept[-1]["type"] == "StartTag"
            and kept[-1]["name"] == token["name"]
        ):
            kept.pop()
        else:
            kept.append(token)
    return kept


def _without_id(start: dict) -> dict:
    data = {key: value for key, value in start.get("data", {}).items() if key != (None, "id")}
    return {**start, "data": data}


class _Level:
    """Where the children of one element go while the walk is inside it.

    `sink` is a _ParagraphBuilder, which gathers text into paragraphs, or a token list,
    which keeps it as written (a list item without paragraphs, say); `typed` says whether
    text here reads as typed text; `on_exit` runs once the children are done.
    """

    def __init__(self, children, sink, typed: bool, on_exit=None) -> None:
        self.children = iter(children)
        self.sink = sink
        self.typed = typed
        self.on_exit = on_exit


def _paragraphs(nodes: list) -> list[dict]:
    """The tokens of `nodes`, every piece of text in a paragraph (see _ParagraphBuilder)."""
    top = _ParagraphBuilder()
    levels = [_Level(nodes, top, typed=True)]
    while levels:
        level = levels[-1]
        node = next(level.children, None)
        if node is None:
            levels.pop()
            if level.on_exit:
                level.on_exit()
        elif isinstance(level.sink, _ParagraphBuilder):
            levels.extend(_into_paragraphs(node, level.sink, level.typed))
        else:
            levels.extend(_as_written(node, level.sink))
    return top.tokens()


def _into_paragraphs(node, builder: _ParagraphBuilder, typed: bool) -> list[_Level]:
    """Give one node to the builder; return the level its children need, if any."""
    if not isinstance(node, _Element):
        if _is_br(node):
            builder.line_break()
        elif _is_text(node):
            builder.text(node, typed)
        elif node["type"] == "EmptyTag":  # <hr>
            builder.block([node])
        return []
    name = RENAMED_BLOCKS.get(node.name, node.name)
    if name in PARAGRAPHS:
        builder.start(name)
        return [_Level(node.children, builder, typed=False, on_exit=builder.close)]
    if name in TRANSPARENT_BLOCKS:
        builder.close()
        return [_Level(node.children, builder, typed, on_exit=builder.close)]
    if name in _KEPT_BLOCKS:
        return [_kept_block(node, deliver=builder.block)]
    if node.is_google_docs_wrapper or node.holds_block:
        # Formatting cannot span paragraphs: the wrapper goes, what it holds stays.
        return [_Level(node.children, builder, typed)]
    builder.open(_without_id(node.start))
    return [_Level(node.children, builder, typed, on_exit=lambda: builder.end(node.name))]


def _as_written(node, tokens: list[dict]) -> list[_Level]:
    """Copy one node into `tokens` as it is, under an article's name for it."""
    if not isinstance(node, _Element):
        tokens.append(node)
        return []
    if node.name in _KEPT_BLOCKS:
        return [_kept_block(node, deliver=tokens.extend)]
    name = RENAMED_BLOCKS.get(node.name, node.name)
    if node.is_google_docs_wrapper or name not in ALLOWED_TAGS:
        return [_Level(node.children, tokens, typed=False)]
    tokens.append({**_without_id(node.start), "name": name})
    end = {"type": "EndTag", "name": name, "namespace": None}
    return [_Level(node.children, tokens, typed=False, on_exit=lambda: tokens.append(end))]


def _kept_block(element: _Element, deliver) -> _Level:
    """A list, quotation, table, figure or <pre>, with paragraphs inside if it has any.

    Its tokens go to `deliver` once its children are done.
    """
    if element.name != "pre" and element.holds_paragraphs:
        inner = _ParagraphBuilder()

        def finish_paragraphs() -> None:
            deliver([element.start, *inner.tokens(), element.end])

        return _Level(element.children, inner, typed=False, on_exit=finish_paragraphs)
    tokens = [element.start]

    def finish_written() -> None:
        tokens.append(element.end)
        deliver(tokens)

    return _Level(element.children, tokens, typed=False, on_exit=finish_written)


class _Paragraphs(Filter):
    """Give the cleaned body the same paragraphs whatever mix the editor typed or pasted."""

    def __iter__(self):
        for token in _paragraphs(_tree(super().__iter__())):
            # Only safelisted tags leave: the boundary tags above were for this filter.
            if token["type"] in ("StartTag", "EndTag", "EmptyTag") and (
                token["name"] not in ALLOWED_TAGS
            ):
                continue
            yield token


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "b" and name == "id":
        return value.startswith(_GOOGLE_DOCS_WRAPPER)  # for _Paragraphs, which removes it
    return name in ALLOWED_ATTRIBUTES.get(tag, ())


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT | TRANSPARENT_BLOCKS | frozenset(RENAMED_BLOCKS),
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_DropWithContent, _Paragraphs],
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
    """Return the article body as safe HTML, in paragraphs.

    HTML is cleaned against the safelist above, and every piece of text ends up in a
    paragraph, whatever mix of typed text and HTML the editor typed or pasted: text
    outside the HTML's paragraphs reads as typed (a blank line separates paragraphs, a
    single newline is a line break); <div>s and two line breaks in a row separate
    paragraphs; a word processor's empty paragraphs, no-break spaces and wrappers go.
    """
    source = (source or "").strip()
    if not source:
        return ""
    return _cleaner.clean(source).strip()


def insert_dateline(body_html: str, dateline: str) -> str:
    """Open the first paragraph with the dateline ("ERBIL, Kurdistan Region –")."""
    if not dateline:
        return body_html
    marker = f'<span class="dateline">{escape(dateline)} –</span> '
    if body_html.startswith("<p>"):
        return f"<p>{marker}{body_html[3:]}"
    return f"<p>{marker}</p>{body_html}"

"""The body sanitiser and the dateline: what editors type must never run in a reader's browser."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from articles.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, insert_dateline, sanitise_body

SAFE_SCHEMES = {"", "http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "cite", "src", "action", "formaction", "data", "background"}
FORBIDDEN_TAGS = (
    "script", "iframe", "style", "svg", "math", "object", "embed", "form", "input", "meta",
    "base", "link", "img", "body", "div", "textarea", "template", "noscript", "param",
)  # fmt: skip


class _MarkupCollector(HTMLParser):
    """Every element, attribute, comment and declaration a browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other_markup: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_endtag(self, tag):
        self.elements.append((tag, []))

    def handle_comment(self, data):
        self.other_markup.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other_markup.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.other_markup.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.other_markup.append(f"<?{data}>")


def parse(markup: str) -> _MarkupCollector:
    collector = _MarkupCollector()
    collector.feed(markup)
    collector.close()
    return collector


def assert_safe(output: str) -> None:
    """Nothing in `output` can run script, load a resource or restyle the page."""
    lowered = output.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", output, re.IGNORECASE), "event handler attribute"
    # What a browser reads after decoding entities and dropping the whitespace it ignores.
    decoded = re.sub(r"[\x00-\x20]", "", html.unescape(output)).lower()
    assert "javascript:" not in decoded
    assert "vbscript:" not in decoded
    assert "data:" not in decoded
    for tag in FORBIDDEN_TAGS:
        assert not re.search(rf"<\s*{tag}\b", output, re.IGNORECASE), f"<{tag}> survived"

    markup = parse(output)
    assert markup.other_markup == [], "comments or declarations survived"
    for tag, attributes in markup.elements:
        assert tag in ALLOWED_TAGS, f"<{tag}> is not on the safelist"
        for name, value in attributes:
            assert name in ALLOWED_ATTRIBUTES.get(tag, []), f"{name!r} not allowed on <{tag}>"
            if name in URL_ATTRIBUTES and value is not None:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in SAFE_SCHEMES, f"unsafe URL {value!r}"


HOSTILE = [
    pytest.param("<p>Hi</p><script>alert(1)</script>", id="script"),
    pytest.param("<SCRIPT>alert(1)</SCRIPT><p>Hi</p>", id="script-uppercase"),
    pytest.param("<ScRiPt>alert(1)</sCrIpT><p>Hi</p>", id="script-mixed-case"),
    pytest.param(
        '<script type="text/javascript" src="https://evil.example/x.js" defer></script>Hi',
        id="script-with-attributes",
    ),
    pytest.param("<p>Hi</p><script>alert(1)", id="script-unclosed"),
    pytest.param("<script\n>alert(1)</script\n><p>Hi</p>", id="script-newline-in-tag"),
    pytest.param("<script/x src=//evil.example/x.js></script>Hi", id="script-slash-attribute"),
    pytest.param("<p>a<script src=x></script></p>", id="script-inside-paragraph"),
    pytest.param("<scr<script>ipt>alert(1)</scr</script>ipt>", id="script-nested-split"),
    pytest.param("<<script>script>alert(1)<</script>/script>", id="script-double-bracket"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param('<IMG SRC="JaVaScRiPt:alert(1)">', id="img-javascript-src"),
    pytest.param("<body onload=alert(1)>Hi</body>", id="body-onload"),
    pytest.param('<p onclick="alert(1)">Hi</p>', id="p-onclick"),
    pytest.param('<div onmouseover="alert(1)">hover me</div>', id="div-onmouseover"),
    pytest.param('<a href="https://example.com/" onclick="steal()">ok</a>', id="a-onclick"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="href-javascript"),
    pytest.param('<a href="JaVaScRiPt:alert(1)">x</a>', id="href-javascript-mixed-case"),
    pytest.param('<a href="  javascript:alert(1)">x</a>', id="href-javascript-leading-space"),
    pytest.param('<a href="&#106;avascript:alert(1)">x</a>', id="href-javascript-decimal-entity"),
    pytest.param(
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;'
        'alert(1)">x</a>',
        id="href-javascript-hex-entities",
    ),
    pytest.param(
        '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
        '&#0000112&#0000116&#0000058alert(1)">x</a>',
        id="href-javascript-padded-entities-no-semicolons",
    ),
    pytest.param('<a href="java\tscript:alert(1)">x</a>', id="href-javascript-tab"),
    pytest.param('<a href="java&#x09;script:alert(1)">x</a>', id="href-javascript-encoded-tab"),
    pytest.param('<a href="jav&#x0A;ascript:alert(1)">x</a>', id="href-javascript-encoded-newline"),
    pytest.param("<a href=javascript&colon;alert(1)>x</a>", id="href-javascript-colon-entity"),
    pytest.param('<a href="vbscript:msgbox(1)">x</a>', id="href-vbscript"),
    pytest.param(
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        id="href-data-base64",
    ),
    pytest.param('<a href="data:text/html,<script>alert(1)</script>">x</a>', id="href-data-html"),
    pytest.param('<iframe src="https://evil.example/"></iframe><p>Hi</p>', id="iframe"),
    pytest.param('<IFRAME SRC="javascript:alert(1)"></IFRAME>', id="iframe-javascript"),
    pytest.param('<object data="x.swf"><param name="a" value="b"></object>', id="object"),
    pytest.param('<embed src="x.swf">', id="embed"),
    pytest.param(
        "<style>body{background:url(javascript:alert(1))}</style><p>Hi</p>", id="style-block"
    ),
    pytest.param('<p style="background:url(javascript:alert(1))">Hi</p>', id="style-attribute"),
    pytest.param("<svg onload=alert(1)><circle r=1 /></svg>", id="svg-onload"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-script"),
    pytest.param("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", id="math-mxss"),
    pytest.param(
        '<form action="https://evil.example/"><input name="q" onfocus="alert(1)" autofocus>'
        '<button formaction="javascript:alert(1)">Go</button></form>',
        id="form-input",
    ),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">', id="meta-refresh"
    ),
    pytest.param('<base href="https://evil.example/">', id="base-href"),
    pytest.param('<link rel="stylesheet" href="https://evil.example/x.css">', id="link"),
    pytest.param(
        "<!--[if IE]><script>alert(1)</script><![endif]--><p>Hi</p>", id="conditional-comment"
    ),
    pytest.param("<!--[if gte IE 4]><SCRIPT>alert(1)</SCRIPT><![endif]-->", id="ie-comment"),
    pytest.param("<!-- <img src=x onerror=alert(1)> -->Hi", id="comment-hiding-markup"),
    pytest.param("<p>Hi</p><![CDATA[<script>alert(1)</script>]]>", id="cdata"),
    pytest.param("<p>Hi</p><textarea><script>alert(1)</script></textarea>", id="textarea"),
    pytest.param(
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        id="noscript-mxss",
    ),
    pytest.param("<template><script>alert(1)</script></template>", id="template"),
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markup_is_made_harmless(source):
    assert_safe(sanitise_body(source))


def test_the_checker_itself_rejects_hostile_markup():
    """The safety check above would notice each kind of leak (so the corpus can fail)."""
    leaks = [
        "<script>alert(1)</script>",
        '<p onclick="x()">a</p>',
        '<a href="javascript:alert(1)">a</a>',
        '<a href="java&#x09;script:alert(1)">a</a>',
        '<a href="vbscript:x">a</a>',
        '<iframe src="https://evil.example/"></iframe>',
        "<span>a</span>",
        '<p class="x">a</p>',
        "<!-- hidden -->",
    ]
    for leak in leaks:
        with pytest.raises(AssertionError):
            assert_safe(leak)


@pytest.mark.parametrize(
    ("source", "kept_text"),
    [
        ("<p>Before.</p><script>var secret = 'tracker-code';</script><p>After.</p>", "After."),
        ("<p>Before.</p><SCRIPT SRC=x>tracker-code()</SCRIPT>", "Before."),
        ("<p>Before.</p><script>tracker-code()", "Before."),
        ("<p>Before.</p><style>.tracker-code{color:red}</style>", "Before."),
        ("<p>Before.</p><iframe>tracker-code</iframe>", "Before."),
        ("<p>Before.</p><svg><text>tracker-code</text></svg>", "Before."),
        ("<p>Before.</p><textarea>tracker-code</textarea>", "Before."),
        ("<p>Before.</p><template><p>tracker-code</p></template>", "Before."),
        ("Before.\n\n<script>tracker-code()</script>", "Before."),
    ],
)
def test_the_text_inside_removed_code_never_reaches_the_page(source, kept_text):
    output = sanitise_body(source)
    assert "tracker-code" not in output
    assert kept_text in output


def test_a_script_split_around_another_never_reassembles():
    # Parsed as a browser would: "<scr<script>" is a bogus tag, the rest plain text,
    # so what remains is escaped text and never an element that runs.
    output = sanitise_body("<p>Story.</p><scr<script>x</script>ipt>tracker-code()</script>")
    assert_safe(output)
    assert "<script" not in output.lower()
    assert "ipt&gt;" in output


def test_a_script_inside_an_attribute_value_does_not_swallow_the_body():
    output = sanitise_body('<p title="<script>">First.</p><p>Second.</p>')
    assert "First." in output
    assert "Second." in output


def test_article_markup_on_the_safelist_survives_unchanged():
    source = (
        "<h2>What happened</h2>"
        "<p>The <strong>river</strong> rose <em>overnight</em>, officials said.</p>"
        "<blockquote><p>We lost everything.</p></blockquote>"
        "<ul><li>Roads closed</li><li>Schools shut</li></ul>"
        "<ol><li>First</li></ol>"
        '<p>Read the <a href="https://example.org/report" title="Full report">report</a>.</p>'
        "<h3>Background</h3><p>H<sub>2</sub>O and 10<sup>3</sup></p>"
    )
    assert sanitise_body(source) == source


@pytest.mark.parametrize(
    "link",
    [
        '<a href="https://example.org/">secure</a>',
        '<a href="http://example.org/">plain</a>',
        '<a href="mailto:news@example.org">email</a>',
        '<a href="/en/news/1/floods/">internal</a>',
        '<a href="#section-2">anchor</a>',
    ],
)
def test_safe_links_keep_their_address(link):
    assert sanitise_body(f"<p>{link}</p>") == f"<p>{link}</p>"


def test_disallowed_attributes_are_removed_but_the_element_and_text_stay():
    source = (
        '<p class="lead" id="x" data-track="1" style="color:red">Text</p>'
        '<p><a href="https://example.org/" target="_blank" rel="opener">Link</a></p>'
    )
    assert sanitise_body(source) == '<p>Text</p><p><a href="https://example.org/">Link</a></p>'


def test_a_disallowed_wrapper_is_removed_but_its_text_stays():
    assert sanitise_body("<div><p>Kept <span>words</span></p></div>") == "<p>Kept words</p>"


def test_plain_text_paragraphs_become_paragraphs_and_single_newlines_line_breaks():
    source = "First paragraph,\nsecond line.\n\nSecond paragraph."
    assert sanitise_body(source) == (
        "<p>First paragraph,<br>second line.</p>\n\n<p>Second paragraph.</p>"
    )


def test_plain_text_with_inline_markup_keeps_it_and_gets_paragraphs():
    assert sanitise_body("A <strong>bold</strong> claim.\n\nNext.") == (
        "<p>A <strong>bold</strong> claim.</p>\n\n<p>Next.</p>"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Tom & Jerry <3 cats", "<p>Tom &amp; Jerry &lt;3 cats</p>"),
        ("Prices rose 5% < inflation & wages", "<p>Prices rose 5% &lt; inflation &amp; wages</p>"),
        ("<p>1 < 2 & 3 > 2</p>", "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"),
        ("<p>AT&amp;T</p>", "<p>AT&amp;T</p>"),
    ],
)
def test_less_than_and_ampersands_in_text_are_escaped_not_lost(source, expected):
    assert sanitise_body(source) == expected


@pytest.mark.parametrize("source", ["", "   \n\n  ", None, "<script>alert(1)</script>"])
def test_an_empty_or_entirely_hostile_body_gives_nothing(source):
    assert sanitise_body(source) == ""


def test_insert_dateline_opens_the_first_paragraph():
    body = "<p>Floods hit the city.</p><p>More rain is forecast.</p>"
    assert insert_dateline(body, "ERBIL, Kurdistan Region") == (
        '<p><span class="dateline">ERBIL, Kurdistan Region –</span> Floods hit the city.</p>'
        "<p>More rain is forecast.</p>"
    )


def test_insert_dateline_before_a_body_that_does_not_open_with_a_paragraph():
    body = "<h2>Overview</h2><p>Text.</p>"
    assert insert_dateline(body, "BAGHDAD") == (
        '<p><span class="dateline">BAGHDAD –</span> </p><h2>Overview</h2><p>Text.</p>'
    )


def test_insert_dateline_escapes_a_hostile_dateline():
    output = insert_dateline("<p>Text.</p>", '<b>x</b><img src=x onerror="alert(1)">')
    assert "&lt;b&gt;x&lt;/b&gt;" in output
    assert "<b>" not in output
    assert "<img" not in output
    tags = [tag for tag, _ in parse(output).elements]
    assert tags == ["p", "span", "span", "p"]


def test_insert_dateline_leaves_the_body_unchanged_without_a_dateline():
    body = "<p>Floods hit the city.</p>"
    assert insert_dateline(body, "") == body


# --- size limits ---------------------------------------------------------------------------


def test_a_body_with_more_tags_than_any_article_is_refused_with_the_count():
    from django.core.exceptions import ValidationError

    from articles.html import MAX_TAGS, validate_markup_size

    validate_markup_size("<p>fine</p>" * (MAX_TAGS // 2))  # at the limit: two tags each
    with pytest.raises(ValidationError) as caught:
        validate_markup_size("<b>" * 33_334)
    assert caught.value.messages == [
        "This text has 33,334 HTML tags; an article can have at most 5,000. "
        "Remove unneeded markup, or split it into several articles."
    ]


def test_long_plain_text_is_not_limited():
    from articles.html import validate_markup_size

    validate_markup_size("A long paragraph with 1 < 2 and 3 > 2. " * 10_000)

"""The same paragraphs and dateline whatever mix of text and HTML an editor typed or pasted."""

from html.parser import HTMLParser

import pytest

from articles.html import insert_dateline, sanitise_body

from .factories import make_article

FIRST = "Floodwater reached the citadel’s lower gate on Tuesday night."
SECOND = "Residents moved their cars to higher ground."
THIRD = "More rain is forecast for Thursday."
DATELINE = "ERBIL, Kurdistan Region"

# Each way an editor's three paragraphs reach the body field.
SOURCES = [
    pytest.param(f"{FIRST}\n\n{SECOND}\n\n{THIRD}", id="typed-text-blank-lines"),
    pytest.param(f"{FIRST}\r\n\r\n{SECOND}\r\n\r\n{THIRD}\r\n", id="typed-text-windows-newlines"),
    pytest.param(
        f"{FIRST}\n\nResidents moved their <em>cars</em> to higher ground.\n\n{THIRD}",
        id="typed-text-with-one-em",
    ),
    pytest.param(
        f'{FIRST}\n\nResidents moved their <a href="https://example.org/">cars</a> to higher '
        f"ground.\n\n{THIRD}",
        id="typed-text-with-one-link",
    ),
    pytest.param(f"<p>{FIRST}</p>\n<p>{SECOND}</p>\n<p>{THIRD}</p>", id="html-paragraphs"),
    pytest.param(f"<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p>", id="html-paragraphs-one-line"),
    pytest.param(f"{FIRST}\n\n<p>{SECOND}</p>\n\n{THIRD}", id="text-then-a-p-block-then-text"),
    pytest.param(f"{FIRST}\n<p>{SECOND}</p>\n{THIRD}", id="text-lines-around-a-p-block"),
    pytest.param(f"<p>{FIRST}</p>\n{SECOND}\n\n<p>{THIRD}</p>", id="p-block-then-text-lines"),
    pytest.param(f"{FIRST}\n\n{SECOND}<p>{THIRD}</p>", id="p-block-straight-after-text"),
    pytest.param(
        '<div class="WordSection1">\n'
        '<p class="MsoNormal"><span style="font-size:12.0pt;font-family:&quot;Times New Roman'
        '&quot;,serif;mso-fareast-language:EN-GB">Floodwater reached the citadel’s lower gate\n'
        "on Tuesday night.<o:p></o:p></span></p>\n\n"
        '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n\n'
        f'<p class="MsoNormal"><span style="font-size:12.0pt">{SECOND}<o:p></o:p></span></p>\n'
        '<p class="MsoNormal"><span lang="EN-US">More rain is forecast for&nbsp;Thursday.'
        "</span><o:p></o:p></p>\n</div>",
        id="word-processor",
    ),
    pytest.param(
        f'<p class="MsoNormal">{FIRST}<br>\n<br>\n{SECOND}<o:p></o:p></p>\n'
        f'<p class="MsoNormal">&nbsp;</p>\n<p class="MsoNormal">{THIRD}<br></p>',
        id="word-processor-line-breaks",
    ),
    pytest.param(
        '<meta charset="utf-8"><b style="font-weight:normal;" '
        'id="docs-internal-guid-4f1c2a3b-7fff-1234-5678-9abcdef01234">'
        f'<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">'
        f'<span style="font-size:11pt;font-family:Arial,sans-serif;">{FIRST}</span></p><br>'
        f'<p dir="ltr" style="line-height:1.38;"><span style="font-size:11pt;">{SECOND}</span>'
        f'</p><br><p dir="ltr"><span style="font-size:11pt;">{THIRD}</span></p></b>'
        '<br class="Apple-interchange-newline">',
        id="google-docs",
    ),
    pytest.param(
        f"<div>{FIRST}</div><div><br></div><div>{SECOND}</div><div><br></div><div>{THIRD}</div>",
        id="divs-instead-of-paragraphs",
    ),
    pytest.param(f"{FIRST}<br><br>{SECOND}<br><br>{THIRD}<br>", id="double-line-breaks"),
    pytest.param(
        f"&nbsp;&nbsp;{FIRST}\n\n&nbsp;\n\n{SECOND}&nbsp;\n\n\n\n{THIRD}",
        id="no-break-spaces-and-extra-blank-lines",
    ),
]


class _Blocks(HTMLParser):
    """The top-level blocks of a body: (tag, text as a reader sees it)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.stray_text: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr"):
            return
        if self.depth == 0:
            self.blocks.append((tag, ""))
        self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth == 0:
            if data.strip():
                self.stray_text.append(data)
            return
        tag, text = self.blocks[-1]
        self.blocks[-1] = (tag, text + data)


def blocks(body_html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(body_html)
    parser.close()
    assert parser.stray_text == [], "text outside any paragraph"
    return [(tag, " ".join(text.replace("\xa0", " ").split())) for tag, text in parser.blocks]


@pytest.mark.parametrize("source", SOURCES)
def test_three_paragraphs_come_out_as_three_paragraphs(source):
    assert blocks(sanitise_body(source)) == [("p", FIRST), ("p", SECOND), ("p", THIRD)]


@pytest.mark.parametrize("source", SOURCES)
def test_the_dateline_opens_the_first_paragraph(source):
    with_dateline = insert_dateline(sanitise_body(source), DATELINE)
    assert with_dateline.startswith(f'<p><span class="dateline">{DATELINE} –</span> Flood')
    assert blocks(with_dateline) == [("p", f"{DATELINE} – {FIRST}"), ("p", SECOND), ("p", THIRD)]


@pytest.mark.parametrize("source", SOURCES)
def test_nothing_of_the_word_processor_is_left(source):
    output = sanitise_body(source)
    for trace in ("<div", "<span", "<b", "o:p", "class=", "style=", "docs-internal", "<br"):
        assert trace not in output


def test_typed_inline_markup_is_kept_in_its_paragraph():
    source = (
        f"{FIRST}\n\nResidents moved their <em>cars</em> to "
        f'<a href="https://example.org/map">higher ground</a>.\n\n{THIRD}'
    )
    assert sanitise_body(source) == (
        f"<p>{FIRST}</p>\n\n"
        '<p>Residents moved their <em>cars</em> to <a href="https://example.org/map">higher '
        f"ground</a>.</p>\n\n<p>{THIRD}</p>"
    )


def test_typed_paragraphs_around_a_subheading_stay_apart():
    source = f"{FIRST}\n\n{SECOND}\n\n<h2>What comes next</h2>\n\n{THIRD}"
    assert blocks(sanitise_body(source)) == [
        ("p", FIRST),
        ("p", SECOND),
        ("h2", "What comes next"),
        ("p", THIRD),
    ]


def test_typed_paragraphs_around_a_quotation_stay_apart():
    source = f"{FIRST}\n\n<blockquote>We lost everything.</blockquote>\n{SECOND}"
    assert blocks(sanitise_body(source)) == [
        ("p", FIRST),
        ("blockquote", "We lost everything."),
        ("p", SECOND),
    ]


def test_a_single_newline_in_typed_text_is_a_line_break_inside_the_paragraph():
    assert sanitise_body(f"{FIRST}\nSecond line.\n\n<p>{THIRD}</p>") == (
        f"<p>{FIRST}<br>Second line.</p>\n\n<p>{THIRD}</p>"
    )


def test_emphasis_across_a_blank_line_is_closed_and_reopened():
    assert sanitise_body("<em>Quoted at length\n\nand on</em> the end.") == (
        "<p><em>Quoted at length</em></p>\n\n<p><em>and on</em> the end.</p>"
    )


def test_a_google_docs_paragraph_is_not_made_bold():
    source = (
        '<b style="font-weight:normal;" id="docs-internal-guid-0a1b2c3d">'
        f'<span style="font-size:11pt">{FIRST}</span></b>'
    )
    assert sanitise_body(source) == f"<p>{FIRST}</p>"


def test_real_bold_text_is_kept():
    assert (
        sanitise_body(f"<b>{FIRST}</b>\n\n{SECOND}") == f"<p><b>{FIRST}</b></p>\n\n<p>{SECOND}</p>"
    )


def test_headings_outside_the_articles_levels_become_article_headings():
    assert sanitise_body("<h1>Overview</h1><p>Text.</p><h6>Notes</h6>") == (
        "<h2>Overview</h2><p>Text.</p><h4>Notes</h4>"
    )


def test_a_preformatted_block_keeps_its_blank_lines():
    assert sanitise_body("<pre>line one\n\nline three</pre>") == "<pre>line one\n\nline three</pre>"


def test_list_items_are_not_turned_into_paragraphs():
    source = "<ul><li>Roads closed</li><li>Schools shut<ul><li>Until Monday</li></ul></li></ul>"
    assert sanitise_body(source) == source


@pytest.mark.django_db
@pytest.mark.parametrize("source", SOURCES[6:8] + SOURCES[10:13])
def test_the_article_page_body_opens_with_the_dateline_inline(source):
    article = make_article(body=source, dateline=DATELINE)
    assert blocks(str(article.body_with_dateline)) == [
        ("p", f"{DATELINE} – {FIRST}"),
        ("p", SECOND),
        ("p", THIRD),
    ]

"""The demo site's sections, authors, tags and articles, read from the TOML files in data/.

Everything in those files is fictional: the people, their words, the figures and the
events. Places are real so the stories read like regional news.

The format
----------
Each file holds one kind, as an array of tables: `sections.toml` has `[[section]]`
tables (name, slug, order), `tags.toml` `[[tag]]` (name, slug), `authors.toml`
`[[author]]` (name, slug, kind: "person" or "organization", bio) and `articles.toml`
`[[article]]`:

- slug, section (a section's slug), headline, standfirst, dateline, authors and tags
  (lists of slugs);
- hours_ago: the publication time, in hours before the demo is loaded; negative
  schedules the article. A draft has `status = "draft"` and no hours_ago;
- update_note and updated_hours_later (hours after publication), both or neither;
- body: blocks (paragraphs, headings, lists, as an editor types them in the body field,
  plain or in HTML) separated by blank lines. "{day}" becomes the weekday the article
  is published, so "said on {day}" stays true however long ago the demo was loaded;
- an optional `[article.photo]` table: scene and light choose what demo/pictures.py
  draws (a `paint_<scene>` method and one of its LIGHTS), alt_text describes that
  drawing, and caption, credit and photographer go on the photo as written.

So that prose can be wrapped as it is typed, every text is folded as it is read: runs of
whitespace, line breaks included, become one space, and the ends are trimmed. Only a
body's blank lines mean something (a new block).
"""

import re
import tomllib
from pathlib import Path
from typing import NamedTuple

DATA_DIR = Path(__file__).resolve().parent / "data"

# One or more lines with nothing but whitespace on them end a block of an article's body.
BLANK_LINES = re.compile(r"\n\s*\n")


class DemoContent(NamedTuple):
    """Each kind as a list of dicts, in the order the files give them."""

    sections: list[dict]
    authors: list[dict]
    tags: list[dict]
    articles: list[dict]


def load_demo_content(data_dir: Path = DATA_DIR) -> DemoContent:
    """Read the four files in `data_dir`, with texts folded and bodies split into blocks."""
    articles = _read(data_dir / "articles.toml", "article")
    for article in articles:
        article["body"] = [fold(block) for block in BLANK_LINES.split(article["body"].strip())]
    return DemoContent(
        sections=_folded(_read(data_dir / "sections.toml", "section")),
        authors=_folded(_read(data_dir / "authors.toml", "author")),
        tags=_folded(_read(data_dir / "tags.toml", "tag")),
        articles=_folded(articles),
    )


def fold(text: str) -> str:
    """`text` on one line: whitespace runs (line breaks too) as single spaces, trimmed."""
    return " ".join(text.split())


def _read(path: Path, kind: str) -> list[dict]:
    with path.open("rb") as file:
        return tomllib.load(file)[kind]


def _folded(value):
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, list):
        return [_folded(item) for item in value]
    if isinstance(value, dict):
        return {key: _folded(item) for key, item in value.items()}
    return value

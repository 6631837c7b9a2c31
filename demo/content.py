"""The demo site's sections, authors, tags, articles and comments, read from the TOML
files in data/.

Everything in those files is fictional: the people, their words, the figures and the
events. Places are real so the stories read like regional news.

The format
----------
Authors and tags are shared by every edition: `authors.toml` holds `[[author]]` tables
(name, slug, kind: "person" or "organization", bio) and `tags.toml` `[[tag]]` tables
(name, slug). Everything else belongs to one edition, and lives in a folder named after
its language code (`en/`, `ckb/`, `kmr/`, `ar/`, `tr/`), which gives it its `language`:

- `sections.toml`: `[[section]]` tables (name, slug, order, and `same_as`: the slug of
  the English section it is the counterpart of, if any). A slug may be in the
  edition's script ("ئابووری"); names and slugs are unique within the edition.
- `articles.toml`: `[[article]]` tables, and before them an optional `weekdays` list
  (below). An article has:

  - slug (unique within the edition, and may be in its script), section (the slug of a
    section of the same edition), headline, standfirst, dateline, authors and tags
    (lists of slugs of the shared files);
  - hours_ago: the publication time, in hours before the demo is loaded; negative
    schedules the article. A draft has `status = "draft"` and no hours_ago;
  - update_note and updated_hours_later (hours after publication), both or neither;
  - body: blocks (paragraphs, headings, lists, as an editor types them in the body
    field, plain or in HTML) separated by blank lines. "{day}" becomes the weekday the
    article is published, so "said on {day}" stays true however long ago the demo was
    loaded: the English name, or the edition's own from its `weekdays` (seven names,
    Monday first, in the form its sentences put them: "roja {day}" wants "duşemê");
  - translation_of: the slug of an article of `en/articles.toml` that this one retells
    in its own language. The versions of one story share a translation key;
  - an optional `[article.photo]` table: scene and light choose what demo/pictures.py
    draws (a `paint_<scene>` method and one of its LIGHTS), alt_text describes that
    drawing, and caption, credit and photographer go on the photo as written, in the
    edition's language. A version draws the same picture as the story it retells.

- `comments.toml` (optional): `[[comment]]` tables, approved readers' comments on the
  edition's published articles, in whatever language their writer chose: article (its
  slug in this edition), author_name, body, hours_after (its publication; never later
  than the loading) and, for a reply, reply_to: the author_name of an earlier comment
  on the same article.

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
    """Each kind as a list of dicts, in the order the files give them (the editions' in
    the order of their folders' names); what belongs to an edition carries its
    `language`. `weekdays` maps an edition to the names its articles' "{day}" becomes."""

    sections: list[dict]
    authors: list[dict]
    tags: list[dict]
    articles: list[dict]
    comments: list[dict]
    weekdays: dict[str, list[str]]


def load_demo_content(data_dir: Path = DATA_DIR) -> DemoContent:
    """Read the shared files and each edition's folder in `data_dir`, with texts folded and
    bodies split into blocks."""
    sections, articles, comments, weekdays = [], [], [], {}
    for folder in sorted(path for path in data_dir.iterdir() if path.is_dir()):
        language = folder.name
        sections += _in_edition(_read(folder / "sections.toml", "section"), language)
        with (folder / "articles.toml").open("rb") as file:
            data = tomllib.load(file)
        if "weekdays" in data:
            weekdays[language] = _folded(data["weekdays"])
        for article in data["article"]:
            article["body"] = [fold(block) for block in BLANK_LINES.split(article["body"].strip())]
        articles += _in_edition(data["article"], language)
        if (folder / "comments.toml").exists():
            comments += _in_edition(_read(folder / "comments.toml", "comment"), language)
    return DemoContent(
        sections=_folded(sections),
        authors=_folded(_read(data_dir / "authors.toml", "author")),
        tags=_folded(_read(data_dir / "tags.toml", "tag")),
        articles=_folded(articles),
        comments=_folded(comments),
        weekdays=weekdays,
    )


def fold(text: str) -> str:
    """`text` on one line: whitespace runs (line breaks too) as single spaces, trimmed."""
    return " ".join(text.split())


def _read(path: Path, kind: str) -> list[dict]:
    with path.open("rb") as file:
        return tomllib.load(file)[kind]


def _in_edition(items: list[dict], language: str) -> list[dict]:
    return [{**item, "language": language} for item in items]


def _folded(value):
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, list):
        return [_folded(item) for item in value]
    if isinstance(value, dict):
        return {key: _folded(item) for key, item in value.items()}
    return value

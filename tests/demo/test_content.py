"""The demo's data files: they load, and what an article names exists in them.

A typo in a slug or a key fails here, rather than as a KeyError (or a silently missing
update note) when a newcomer runs `manage.py seed_demo`.
"""

import textwrap
from collections import Counter

from django.conf import settings
from django.core.validators import validate_unicode_slug

from articles.models import Article, Author
from demo.content import load_demo_content
from demo.pictures import LIGHTS, Painter

CONTENT = load_demo_content()

ARTICLE_KEYS = {
    "language",
    "slug",
    "section",
    "headline",
    "standfirst",
    "dateline",
    "authors",
    "tags",
    "body",
}
ARTICLE_OPTIONAL_KEYS = {
    "hours_ago",
    "status",
    "update_note",
    "updated_hours_later",
    "photo",
    "translation_of",
}
PHOTO_KEYS = {"scene", "light", "alt_text", "caption", "credit", "photographer"}
COMMENT_KEYS = {"language", "article", "author_name", "hours_after", "body"}


def slugs(items):
    return [item["slug"] for item in items]


def repeated(keys):
    return [key for key, n in Counter(keys).items() if n > 1]


def is_published(article) -> bool:
    return article.get("status", Article.Status.PUBLISHED) == Article.Status.PUBLISHED


def test_every_kind_loads_with_slugs_unique_where_the_site_needs_them():
    for kind in ("sections", "authors", "tags", "articles", "comments"):
        assert getattr(CONTENT, kind), kind
    for kind in ("authors", "tags"):
        assert not repeated(slugs(getattr(CONTENT, kind))), kind
    # An edition's sections and articles are found by their slug within the edition.
    for kind in ("sections", "articles"):
        items = getattr(CONTENT, kind)
        assert not repeated((item["language"], item["slug"]) for item in items), kind
        for item in items:
            validate_unicode_slug(item["slug"])
    assert not repeated((section["language"], section["name"]) for section in CONTENT.sections)


def test_there_is_data_for_every_edition_the_site_knows_and_no_other():
    known = set(settings.EDITIONS_AVAILABLE)
    assert {section["language"] for section in CONTENT.sections} == known
    assert {article["language"] for article in CONTENT.articles} == known
    for code in known:
        sections = [section for section in CONTENT.sections if section["language"] == code]
        published = [a for a in CONTENT.articles if a["language"] == code and is_published(a)]
        assert 3 <= len(sections) <= 5, code
        assert len(published) >= 6, code


def test_every_article_names_a_section_of_its_edition_and_authors_and_tags_of_the_data():
    sections = {(section["language"], section["slug"]) for section in CONTENT.sections}
    authors, tags = set(slugs(CONTENT.authors)), set(slugs(CONTENT.tags))
    for article in CONTENT.articles:
        slug = article["slug"]
        assert (article["language"], article["section"]) in sections, slug
        assert article["authors"], slug
        assert set(article["authors"]) <= authors, slug
        assert set(article["tags"]) <= tags, slug


def test_every_article_has_the_keys_the_command_reads_and_no_others():
    for article in CONTENT.articles:
        slug = article["slug"]
        assert ARTICLE_KEYS <= set(article) <= ARTICLE_KEYS | ARTICLE_OPTIONAL_KEYS, slug
        assert article["body"] and all(article["body"]), slug
        if is_published(article):
            assert isinstance(article["hours_ago"], int), slug
        else:
            assert article["status"] in Article.Status.values, slug
            assert "hours_ago" not in article, slug
        assert ("update_note" in article) == ("updated_hours_later" in article), slug


def test_a_version_retells_an_english_article_once_per_edition():
    english = {a["slug"]: a for a in CONTENT.articles if a["language"] == "en"}
    versions = [a for a in CONTENT.articles if "translation_of" in a]
    assert all(version["language"] != "en" for version in versions)
    assert all(is_published(english[version["translation_of"]]) for version in versions)
    assert not repeated((v["translation_of"], v["language"]) for v in versions)
    # At least two English stories are told in two other editions or more.
    told = Counter(version["translation_of"] for version in versions)
    assert sum(1 for n in told.values() if n >= 2) >= 2


def test_every_day_an_edition_writes_has_a_name_in_its_language():
    for code, names in CONTENT.weekdays.items():
        assert code != "en" and len(names) == 7 and all(names), code
    for article in CONTENT.articles:
        if any("{day}" in block for block in article["body"]) and article["language"] != "en":
            assert article["language"] in CONTENT.weekdays, article["slug"]


def test_every_photo_is_one_the_pictures_can_draw_and_describe():
    photos = [article["photo"] for article in CONTENT.articles if "photo" in article]
    assert photos
    for photo in photos:
        assert set(photo) == PHOTO_KEYS, photo
        assert hasattr(Painter, f"paint_{photo['scene']}"), photo["scene"]
        assert photo["light"] in LIGHTS, photo["light"]
        assert photo["alt_text"] and photo["caption"] and photo["credit"], photo
        assert len(photo["alt_text"]) <= 250, photo["alt_text"]


def test_every_comment_is_on_a_published_article_of_its_edition():
    published = {(a["language"], a["slug"]) for a in CONTENT.articles if is_published(a)}
    earlier = set()
    for comment in CONTENT.comments:
        where = (comment["language"], comment["article"])
        assert COMMENT_KEYS <= set(comment) <= COMMENT_KEYS | {"reply_to"}, comment
        assert where in published, comment
        assert comment["body"] and comment["author_name"], comment
        assert comment["hours_after"] >= 0, comment
        if "reply_to" in comment:
            assert (*where, comment["reply_to"]) in earlier, comment
        else:
            earlier.add((*where, comment["author_name"]))


def test_authors_are_of_a_kind_the_model_knows():
    assert {author["kind"] for author in CONTENT.authors} <= set(Author.Kind.values)


def test_wrapped_text_is_folded_a_body_splits_at_blank_lines_and_folders_are_editions(tmp_path):
    shared = {
        "tags": '[[tag]]\nname = "Water"\nslug = "water"',
        "authors": """
            [[author]]
            slug = "a"
            bio = '''
            Writes
              about water.
            '''
        """,
    }
    edition = {
        "sections": '[[section]]\nname = "News"\nslug = "news"',
        "articles": """
            weekdays = ["dus", "ses", "cars", "penc", "in", "semi", "yeks"]

            [[article]]
            slug = "x"
            body = '''
            <p>Said on {day},
            in two lines.</p>

            <h2>Next</h2>



            <p>Last.</p>
            '''
        """,
        "comments": """
            [[comment]]
            article = "x"
            body = '''
            Two
            lines.
            '''
        """,
    }
    for kind, text in shared.items():
        (tmp_path / f"{kind}.toml").write_text(textwrap.dedent(text))
    (tmp_path / "kmr").mkdir()
    for kind, text in edition.items():
        (tmp_path / "kmr" / f"{kind}.toml").write_text(textwrap.dedent(text))

    content = load_demo_content(tmp_path)

    assert content.authors[0]["bio"] == "Writes about water."
    assert content.articles[0]["body"] == [
        "<p>Said on {day}, in two lines.</p>",
        "<h2>Next</h2>",
        "<p>Last.</p>",
    ]
    assert content.articles[0]["language"] == "kmr"
    assert content.sections[0]["language"] == "kmr"
    assert content.comments == [{"article": "x", "body": "Two lines.", "language": "kmr"}]
    assert content.weekdays == {"kmr": ["dus", "ses", "cars", "penc", "in", "semi", "yeks"]}

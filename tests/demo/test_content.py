"""The demo's data files: they load, and what an article names exists in them.

A typo in a slug or a key fails here, rather than as a KeyError (or a silently missing
update note) when a newcomer runs `manage.py seed_demo`.
"""

import textwrap
from collections import Counter

from articles.models import Article, Author
from demo.content import load_demo_content
from demo.pictures import LIGHTS, Painter

CONTENT = load_demo_content()

ARTICLE_KEYS = {"slug", "section", "headline", "standfirst", "dateline", "authors", "tags", "body"}
ARTICLE_OPTIONAL_KEYS = {"hours_ago", "status", "update_note", "updated_hours_later", "photo"}
PHOTO_KEYS = {"scene", "light", "alt_text", "caption", "credit", "photographer"}


def slugs(items):
    return [item["slug"] for item in items]


def test_every_kind_loads_with_unique_slugs():
    for kind in ("sections", "authors", "tags", "articles"):
        items = getattr(CONTENT, kind)
        assert items, kind
        repeated = [slug for slug, n in Counter(slugs(items)).items() if n > 1]
        assert not repeated, f"{kind}: {repeated}"


def test_every_article_names_a_section_authors_and_tags_of_the_data():
    sections, authors, tags = (set(slugs(items)) for items in CONTENT[:3])
    for article in CONTENT.articles:
        slug = article["slug"]
        assert article["section"] in sections, slug
        assert article["authors"], slug
        assert set(article["authors"]) <= authors, slug
        assert set(article["tags"]) <= tags, slug


def test_every_article_has_the_keys_the_command_reads_and_no_others():
    for article in CONTENT.articles:
        slug = article["slug"]
        assert ARTICLE_KEYS <= set(article) <= ARTICLE_KEYS | ARTICLE_OPTIONAL_KEYS, slug
        assert article["body"] and all(article["body"]), slug
        if article.get("status", Article.Status.PUBLISHED) == Article.Status.PUBLISHED:
            assert isinstance(article["hours_ago"], int), slug
        else:
            assert article["status"] in Article.Status.values, slug
            assert "hours_ago" not in article, slug
        assert ("update_note" in article) == ("updated_hours_later" in article), slug


def test_every_photo_is_one_the_pictures_can_draw_and_describe():
    photos = [article["photo"] for article in CONTENT.articles if "photo" in article]
    assert photos
    for photo in photos:
        assert set(photo) == PHOTO_KEYS, photo
        assert hasattr(Painter, f"paint_{photo['scene']}"), photo["scene"]
        assert photo["light"] in LIGHTS, photo["light"]
        assert photo["alt_text"] and photo["caption"] and photo["credit"], photo


def test_authors_are_of_a_kind_the_model_knows():
    assert {author["kind"] for author in CONTENT.authors} <= set(Author.Kind.values)


def test_wrapped_text_is_folded_and_a_body_splits_at_blank_lines(tmp_path):
    files = {
        "sections": '[[section]]\nname = "News"\nslug = "news"',
        "tags": '[[tag]]\nname = "Water"\nslug = "water"',
        "authors": """
            [[author]]
            slug = "a"
            bio = '''
            Writes
              about water.
            '''
        """,
        "articles": """
            [[article]]
            slug = "x"
            body = '''
            <p>Said on {day},
            in two lines.</p>

            <h2>Next</h2>



            <p>Last.</p>
            '''
        """,
    }
    for kind, text in files.items():
        (tmp_path / f"{kind}.toml").write_text(textwrap.dedent(text))

    content = load_demo_content(tmp_path)

    assert content.authors[0]["bio"] == "Writes about water."
    assert content.articles[0]["body"] == [
        "<p>Said on {day}, in two lines.</p>",
        "<h2>Next</h2>",
        "<p>Last.</p>",
    ]

"""Articles and what they belong to: visibility rules, saving, bylines, photos."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Photo, Section, Tag, load_authors_and_tags

from .factories import (
    committed,
    image_bytes,
    make_article,
    make_author,
    make_photo,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

DRAFT = Article.Status.DRAFT
PUBLISHED = Article.Status.PUBLISHED


def _later(monkeypatch, moment):
    """Make "now" a fixed moment for the code under test."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- ArticleQuerySet: who sees what -------------------------------------------------------


def test_published_includes_a_published_article_whose_time_has_come():
    article = make_article(published_at=timezone.now() - timedelta(minutes=5))
    assert list(Article.objects.published()) == [article]


def test_published_excludes_drafts():
    make_article(status=DRAFT)
    make_article(status=DRAFT, published_at=timezone.now() - timedelta(days=1))
    assert list(Article.objects.published()) == []


def test_published_hides_a_scheduled_article_until_its_time_comes(monkeypatch):
    release = timezone.now() + timedelta(hours=3)
    article = make_article(published_at=release)

    assert list(Article.objects.published()) == []

    _later(monkeypatch, release - timedelta(seconds=1))
    assert list(Article.objects.published()) == []

    _later(monkeypatch, release + timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_scheduled_lists_only_published_articles_due_in_the_future(monkeypatch):
    release = timezone.now() + timedelta(days=1)
    scheduled = make_article(published_at=release)
    make_article()  # already out
    make_article(status=DRAFT, published_at=release)  # a draft is not scheduled

    assert list(Article.objects.scheduled()) == [scheduled]

    _later(monkeypatch, release + timedelta(minutes=1))
    assert list(Article.objects.scheduled()) == []


def test_drafts_lists_only_drafts():
    draft = make_article(status=DRAFT)
    make_article()
    make_article(published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.drafts()) == [draft]


# --- search (SQLite: every word as a substring; PostgreSQL: English full-text search) -------


def _headlines(queryset):
    return sorted(article.headline for article in queryset)


def test_search_requires_every_word_to_match():
    make_article(headline="Saffron harvest begins", body="Farmers near the glacier.")
    make_article(headline="Saffron prices fall", body="Traders worry.")
    make_article(headline="Glacier retreats", body="Scientists measure it.")

    results = Article.objects.published().search("saffron glacier")
    assert _headlines(results) == ["Saffron harvest begins"]


def test_search_looks_in_headline_standfirst_and_body():
    make_article(headline="Pipeline reopens", standfirst="Exports resume.", body="Text.")
    make_article(headline="Exports resume", standfirst="The pipeline reopens.", body="Text.")
    make_article(headline="Border talks", standfirst="Officials meet.", body="The pipeline.")
    make_article(headline="Football final", standfirst="Fans gather.", body="A match.")

    results = Article.objects.published().search("pipeline")
    assert _headlines(results) == ["Border talks", "Exports resume", "Pipeline reopens"]


def test_search_ignores_letter_case():
    make_article(headline="Parliament approves budget")
    assert _headlines(Article.objects.published().search("PARLIAMENT budget")) == [
        "Parliament approves budget"
    ]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_search_returns_nothing(query):
    make_article(headline="Anything at all")
    assert list(Article.objects.published().search(query)) == []


def test_search_of_published_articles_leaves_out_drafts_and_scheduled():
    make_article(headline="Earthquake shakes region")
    make_article(headline="Earthquake draft", status=DRAFT)
    make_article(headline="Earthquake scheduled", published_at=timezone.now() + timedelta(days=1))
    assert _headlines(Article.objects.published().search("earthquake")) == [
        "Earthquake shakes region"
    ]


# --- related_to ----------------------------------------------------------------------------


def test_related_to_same_section_or_shared_tag_newest_first_without_duplicates():
    now = timezone.now()
    section, other_section = make_section(), make_section()
    tag_a, tag_b, unrelated_tag = make_tag(), make_tag(), make_tag()
    article = make_article(section=section, tags=[tag_a, tag_b], published_at=now)

    same_section = make_article(section=section, published_at=now - timedelta(hours=3))
    shared_tag = make_article(
        section=other_section, tags=[tag_a], published_at=now - timedelta(hours=1)
    )
    both = make_article(section=section, tags=[tag_a, tag_b], published_at=now - timedelta(hours=2))
    make_article(section=other_section, tags=[unrelated_tag], published_at=now)  # unrelated

    related = list(Article.objects.related_to(article, [tag_a.pk, tag_b.pk]))
    assert related == [shared_tag, both, same_section]


def test_related_to_an_untagged_article_is_its_section():
    section = make_section()
    article = make_article(section=section)
    neighbour = make_article(section=section)
    make_article()
    assert list(Article.objects.related_to(article, [])) == [neighbour]


# --- count_for_each ------------------------------------------------------------------------


def test_count_for_each_counts_the_articles_of_each_owner_and_zero_for_none():
    busy, quiet = make_section(), make_section()
    tag, unused_tag = make_tag(), make_tag()
    make_article(section=busy, tags=[tag])
    make_article(section=busy, tags=[tag])
    make_article(section=busy, tags=[tag], status=DRAFT)

    published = Article.objects.published()
    sections = Section.objects.annotate(n=published.count_for_each("section"))
    tags = Tag.objects.annotate(n=published.count_for_each("tags"))

    assert {each.pk: each.n for each in sections} == {busy.pk: 2, quiet.pk: 0}
    assert {each.pk: each.n for each in tags} == {tag.pk: 2, unused_tag.pk: 0}


# --- load_authors_and_tags --------------------------------------------------------------


def test_load_authors_and_tags_gives_each_article_its_own_in_one_query(
    django_assert_num_queries,
):
    agency = make_author(name="Wire Agency", kind=Author.Kind.ORGANIZATION, bio="News wire.")
    reporter = make_author(name="Ala Reporter")
    water, economy = make_tag(name="Water"), make_tag(name="Economy")
    first = make_article(authors=[agency, reporter], tags=[water, economy])
    second = make_article(authors=[agency], tags=[water])
    bare = make_article(authors=[], tags=[])
    make_article(authors=[reporter], tags=[economy])  # not asked for
    fetched = list(Article.objects.filter(pk__in=[first.pk, second.pk, bare.pk]))

    with django_assert_num_queries(1):
        load_authors_and_tags(fetched)
        by_pk = {article.pk: article for article in fetched}
        lists = {
            pk: ([a.name for a in art.author_list], [t.name for t in art.tag_list])
            for pk, art in by_pk.items()
        }
        first_byline = by_pk[first.pk].byline

    # Ordered by name, as Author and Tag order themselves.
    assert lists == {
        first.pk: (["Ala Reporter", "Wire Agency"], ["Economy", "Water"]),
        second.pk: (["Wire Agency"], ["Water"]),
        bare.pk: ([], []),
    }
    assert first_byline == "Ala Reporter and Wire Agency"
    loaded_agency = by_pk[second.pk].author_list[0]
    assert (loaded_agency.pk, loaded_agency.slug, loaded_agency.kind, loaded_agency.bio) == (
        agency.pk,
        agency.slug,
        Author.Kind.ORGANIZATION,
        "News wire.",
    )
    assert loaded_agency.get_absolute_url() == agency.get_absolute_url()
    assert by_pk[first.pk].tag_list[1].get_absolute_url() == water.get_absolute_url()


def test_load_authors_and_tags_of_no_articles_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        load_authors_and_tags([])


# --- Article.save and what readers see ------------------------------------------------------


def test_an_empty_slug_is_made_from_the_headline():
    article = make_article(headline="Floods hit Erbil's old bazaar", slug="")
    assert article.slug == "floods-hit-erbils-old-bazaar"


def test_a_typed_slug_is_kept():
    article = make_article(headline="Floods hit", slug="floods-2025")
    assert article.slug == "floods-2025"


def test_a_headline_with_nothing_to_slugify_still_gets_a_slug():
    article = make_article(headline="!!!", slug="")
    assert article.slug == "article"


def test_the_body_is_sanitised_on_save():
    article = make_article(body='<p onclick="x()">Hello</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert article.body_html == "<p>Hello</p>"


def test_saving_only_the_body_also_updates_the_sanitised_body():
    article = make_article(body="Old text.")
    article.body = "<p>New <strong>text</strong>.</p><script>alert(1)</script>"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body_html == "<p>New <strong>text</strong>.</p>"


def test_publishing_without_a_time_fills_in_now():
    before = timezone.now()
    article = make_article(status=PUBLISHED, published_at=None)
    assert before <= article.published_at <= timezone.now()


def test_a_draft_gets_no_publication_time():
    assert make_article(status=DRAFT).published_at is None


def test_a_chosen_publication_time_is_kept():
    moment = timezone.now() - timedelta(days=3)
    assert make_article(published_at=moment).published_at == moment


def test_an_update_note_stamps_the_update_time_and_clearing_it_clears_the_time():
    article = make_article()
    assert article.updated_at is None

    before = timezone.now()
    article.update_note = "Corrects the name of the minister."
    article.save()
    stamped = article.updated_at
    assert stamped is not None
    assert before <= stamped <= timezone.now()

    article.headline = "A later edit"
    article.save()
    assert article.updated_at == stamped  # an unrelated edit keeps the stamp

    article.update_note = ""
    article.save()
    article.refresh_from_db()
    assert article.updated_at is None


def test_date_modified_is_the_update_time_or_else_the_publication_time():
    article = make_article()
    assert article.date_modified == article.published_at
    article.update_note = "Adds the death toll."
    article.save()
    assert article.date_modified == article.updated_at
    assert article.date_modified > article.published_at


def test_is_published():
    assert make_article().is_published() is True
    assert make_article(status=DRAFT).is_published() is False
    assert make_article(published_at=timezone.now() + timedelta(minutes=1)).is_published() is False


@pytest.mark.parametrize(
    ("names", "byline"),
    [
        ([], ""),
        (["Alan Ali"], "Alan Ali"),
        (["Alan Ali", "Beth Brown"], "Alan Ali and Beth Brown"),
        (["Alan Ali", "Beth Brown", "Carl Cole"], "Alan Ali, Beth Brown and Carl Cole"),
    ],
)
def test_byline(names, byline):
    article = make_article(authors=[make_author(name=name) for name in names])
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.byline == byline


def test_byline_html_links_each_author():
    first, second = make_author(name="Alan Ali"), make_author(name="Beth Brown")
    article = Article.objects.get(pk=make_article(authors=[first, second]).pk)
    assert article.byline_html() == (
        f'<a href="{first.get_absolute_url()}">Alan Ali</a> and '
        f'<a href="{second.get_absolute_url()}">Beth Brown</a>'
    )


def test_the_article_address_carries_its_number_and_slug():
    article = make_article(slug="floods-hit-erbil")
    assert article.get_absolute_url() == f"/en/news/{article.pk}/floods-hit-erbil/"
    assert article.get_preview_url() == f"/en/news/{article.pk}/preview/"


def test_body_with_dateline_opens_the_sanitised_body():
    article = make_article(body="Water rose.\n\nMore.", dateline="ERBIL, Kurdistan Region")
    assert article.body_with_dateline.startswith(
        '<p><span class="dateline">ERBIL, Kurdistan Region –</span> Water rose.</p>'
    )


def test_section_author_and_tag_names_and_addresses():
    section = make_section(name="Kurdistan", slug="kurdistan")
    author = make_author(name="Kurdistan Wire", slug="kurdistan-wire")
    tag = make_tag(name="Oil & gas", slug="oil-gas")
    assert (str(section), section.get_absolute_url()) == ("Kurdistan", "/en/section/kurdistan/")
    assert (str(author), author.get_absolute_url()) == (
        "Kurdistan Wire",
        "/en/author/kurdistan-wire/",
    )
    assert (str(tag), tag.get_absolute_url()) == ("Oil & gas", "/en/tag/oil-gas/")
    assert str(make_article(headline="Floods hit")) == "Floods hit"


# --- Photo renditions --------------------------------------------------------------------


def test_photo_renditions_are_made_at_each_width_up_to_the_original(settings):
    assert settings.PHOTO_RENDITION_WIDTHS == (480, 960, 1600)
    photo = make_photo(width=1200, height=800)

    assert (photo.width, photo.height) == (1200, 800)
    made = sorted((r["format"], r["width"], r["height"]) for r in photo.renditions)
    assert made == [
        ("jpeg", 480, 320),
        ("jpeg", 960, 640),
        ("jpeg", 1200, 800),
        ("webp", 480, 320),
        ("webp", 960, 640),
        ("webp", 1200, 800),
    ]
    for rendition in photo.renditions:
        assert default_storage.exists(rendition["name"])
        with default_storage.open(rendition["name"]) as file, Image.open(file) as image:
            assert image.format == rendition["format"].upper()
            assert image.size == (rendition["width"], rendition["height"])


def test_a_small_photo_is_never_enlarged():
    photo = make_photo(width=300, height=200)
    assert sorted((r["format"], r["width"]) for r in photo.renditions) == [
        ("jpeg", 300),
        ("webp", 300),
    ]


def test_photo_srcsets_list_the_renditions_with_their_widths():
    photo = make_photo(width=1200, height=800)
    for image_format, attribute in (("jpeg", "srcset_jpeg"), ("webp", "srcset_webp")):
        names = {
            r["width"]: default_storage.url(r["name"])
            for r in photo.renditions
            if r["format"] == image_format
        }
        assert getattr(photo, attribute) == (
            f"{names[480]} 480w, {names[960]} 960w, {names[1200]} 1200w"
        )
    assert ".jpg 480w" in photo.srcset_jpeg
    assert ".webp 480w" in photo.srcset_webp


def test_photo_is_displayed_at_its_largest_rendition():
    photo = make_photo(width=1200, height=800)
    assert (photo.display_width, photo.display_height) == (1200, 800)
    assert photo.url.endswith("-1200w.jpg")
    assert photo.thumbnail_url.endswith("-480w.jpg")


def test_photo_renditions_are_made_once_not_on_every_save():
    photo = make_photo(width=600, height=400)
    renditions = list(photo.renditions)
    photo.caption = "A new caption"
    photo.save()
    photo.refresh_from_db()
    assert photo.renditions == renditions


def test_a_sideways_camera_photo_is_turned_upright():
    """A phone stores a portrait shot as landscape pixels plus an EXIF "rotate 90°" tag."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    photo = Photo(
        image=ContentFile(image_bytes(1200, 800, exif=exif), name="portrait.jpg"),
        alt_text="A portrait",
    )
    with committed():  # the renditions are made once the upload commits
        photo.save()
    photo.refresh_from_db()

    jpegs = sorted((r["width"], r["height"]) for r in photo.renditions if r["format"] == "jpeg")
    assert jpegs == [(480, 720), (800, 1200)]
    assert (photo.display_width, photo.display_height) == (800, 1200)
    with default_storage.open(photo.largest["name"]) as file, Image.open(file) as image:
        assert image.size == (800, 1200)

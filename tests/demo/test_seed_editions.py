"""`manage.py seed_demo` in every edition: each front page, section and comment thread
shows a newcomer that edition's own stories, in its own language and script."""

import io
import re
import uuid

import pytest
from defusedxml import ElementTree as ET
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils.html import escape

from articles import editions
from articles.models import Article, Author, Photo, Section, Tag
from comments.models import Comment

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
# Arabic kaf, yeh, alef maksura and teh marbuta: Sorani writes ک and ی, and has no ى or ة.
NOT_SORANI = re.compile("[\u0643\u064a\u0649\u0629]")
SORANI_LETTERS = re.compile("[\u0695\u06b5\u06c6\u06ce\u06d5\u06a9\u06cc]")  # ڕ ڵ ۆ ێ ە ک ی
# Keheh, Farsi yeh and the Kurdish vowels: an Arabic text has ك, ي and none of these.
NOT_ARABIC = re.compile("[\u06a9\u06cc\u06d5\u06c6\u06ce\u0695\u06b5]")
XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def texts(article) -> str:
    return " ".join((article.headline, article.standfirst, article.dateline, article.body))


# The demo draws dozens of photos; one small rendition each keeps loading it quick.
@override_settings(PHOTO_RENDITION_WIDTHS=(160,), DEBUG=False)
class SeededEditionsTests(TestCase):
    """Loaded once for the class (rolled back after it): the checks only read it."""

    @classmethod
    def setUpTestData(cls):
        seed()

    def published(self, code):
        return Article.objects.published().in_edition(code)

    def test_every_edition_has_six_published_articles_or_more_in_its_own_sections(self):
        assert editions.codes() == ["en", "ckb", "kmr", "ar", "tr"]
        for code in editions.codes():
            sections = Section.objects.in_edition(code)
            assert 3 <= sections.count() <= 5, code
            assert self.published(code).count() >= 6, code
            assert not Article.objects.in_edition(code).exclude(section__language=code).exists()
            for section in sections:
                article = self.published(code).filter(section=section).first()
                assert article is not None, section
                page = self.client.get(section.get_absolute_url())
                assert page.status_code == 200, section
                assert escape(article.headline) in page.content.decode(), section

    def test_every_editions_front_page_shows_its_own_headlines_and_no_others(self):
        newest = {code: self.published(code).first() for code in editions.codes()}
        for code in editions.codes():
            page = self.client.get(f"/{code}/")
            assert page.status_code == 200, code
            html = page.content.decode()
            assert escape(newest[code].headline) in html, code
            for other, article in newest.items():
                if other != code:
                    assert escape(article.headline) not in html, (code, other)

    def test_english_stories_retold_in_other_editions_share_a_translation_key(self):
        told_twice = [
            article
            for article in self.published("en")
            if Article.objects.published()
            .filter(translation_key=article.translation_key)
            .exclude(language="en")
            .count()
            >= 2
        ]
        assert len(told_twice) >= 2
        story = told_twice[0]
        versions = Article.objects.filter(translation_key=story.translation_key)
        assert versions.values("language").distinct().count() == versions.count()
        # Search engines are told so: the sitemap names each version's address.
        root = ET.fromstring(self.client.get("/sitemap.xml").content)
        alternates = {
            url.findtext(f"{SITEMAP}loc"): {
                link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
            }
            for url in root.findall(f"{SITEMAP}url")
        }
        expected = {
            version.language: f"http://testserver{version.get_absolute_url()}"
            for version in versions
        }
        assert expected.items() <= alternates[expected["en"]].items()

    def test_sorani_is_written_with_sorani_letters_and_arabic_with_arabic_ones(self):
        sorani = list(self.published("ckb"))
        assert len(sorani) >= 6
        for article in sorani:
            assert not NOT_SORANI.search(texts(article)), article.slug
            assert SORANI_LETTERS.search(article.headline), article.slug
            photo = article.lead_photo
            if photo:
                assert not NOT_SORANI.search(photo.alt_text + photo.caption), article.slug
        for section in Section.objects.in_edition("ckb"):
            assert not NOT_SORANI.search(section.name) and SORANI_LETTERS.search(section.name)
        for comment in Comment.objects.filter(article__language="ckb"):
            assert not NOT_SORANI.search(comment.body), comment.body
        assert self.published("ar").count() >= 6
        for article in self.published("ar"):
            assert ARABIC_SCRIPT.search(article.headline), article.slug
            assert not NOT_ARABIC.search(texts(article)), article.slug
        for code in ("kmr", "tr"):
            for article in self.published(code):
                assert not ARABIC_SCRIPT.search(texts(article)), article.slug

    def test_every_edition_has_readers_comments_some_in_another_script(self):
        for code in editions.codes():
            assert Comment.objects.public().filter(article__language=code).count() >= 3, code
        latin_under_sorani = (
            Comment.objects.public()
            .filter(article__language="ckb")
            .exclude(body__regex=ARABIC_SCRIPT.pattern)
            .first()
        )
        arabic_script_under_english = (
            Comment.objects.public()
            .filter(article__language="en", body__regex=ARABIC_SCRIPT.pattern)
            .first()
        )
        assert Comment.objects.public().filter(parent__isnull=False).exists()
        for comment in (latin_under_sorani, arabic_script_under_english):
            assert comment is not None
            page = self.client.get(comment.article.get_absolute_url())
            assert escape(comment.body) in page.content.decode()

    def test_loading_again_creates_nothing(self):
        def counts():
            return [
                model.objects.count() for model in (Section, Author, Tag, Article, Photo, Comment)
            ]

        before = counts()

        output = seed()

        assert counts() == before
        assert "Comments: 0 created" in output
        assert "Articles: 0 created" in output


@pytest.mark.django_db
def test_only_the_editions_the_site_runs_are_loaded(settings):
    settings.PHOTO_RENDITION_WIDTHS = (160,)
    settings.DEBUG = False
    settings.LANGUAGES = [("en", "English"), ("ar", "Arabic")]

    output = seed()

    assert set(Article.objects.values_list("language", flat=True)) == {"en", "ar"}
    assert set(Section.objects.values_list("language", flat=True)) == {"en", "ar"}
    assert not Comment.objects.exclude(article__language__in=["en", "ar"]).exists()
    assert "left out: ckb, kmr, tr" in output
    bus_lanes = Article.objects.get(language="en", slug="erbil-bus-lanes-60-metre-road")
    assert Article.objects.filter(translation_key=bus_lanes.translation_key).count() == 2


@pytest.mark.django_db
def test_an_edition_added_later_gets_its_versions_linked_to_the_stories_already_there(settings):
    settings.PHOTO_RENDITION_WIDTHS = (160,)
    settings.DEBUG = False
    settings.LANGUAGES = [("en", "English")]
    seed()
    # As a site seeded before the editions existed has it: a key of the article's own.
    bus_lanes = Article.objects.get(language="en", slug="erbil-bus-lanes-60-metre-road")
    Article.objects.filter(pk=bus_lanes.pk).update(translation_key=uuid.uuid4())
    bus_lanes.refresh_from_db()
    english = Article.objects.count()

    settings.LANGUAGES = [("en", "English"), ("ckb", "Central Kurdish")]
    seed()

    assert Article.objects.in_edition("en").count() == english
    versions = Article.objects.filter(translation_key=bus_lanes.translation_key)
    assert sorted(versions.values_list("language", flat=True)) == ["ckb", "en"]


def test_each_editions_sections_are_linked_to_their_english_counterparts(db):
    call_command("seed_demo", stdout=io.StringIO())

    kurdistan = Section.objects.get(language="en", slug="kurdistan")
    counterparts = dict(
        Section.objects.filter(translation_key=kurdistan.translation_key).values_list(
            "language", "name"
        )
    )
    assert counterparts == {
        "en": "Kurdistan",
        "ckb": "کوردستان",
        "kmr": "Kurdistan",
        "ar": "كوردستان",
        "tr": "Kürdistan",
    }
    # A section with no English counterpart keeps a key of its own.
    turkiye = Section.objects.get(language="tr", slug="turkiye")
    assert Section.objects.filter(translation_key=turkiye.translation_key).count() == 1

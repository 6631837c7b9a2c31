"""The schema.org NewsArticle on article pages, and the filter that writes it safely."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from articles.models import Author
from articles.templatetags.articles import json_ld
from tests.articles.factories import make_article, make_author, make_photo, make_section, make_tag

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def structured_data(client, article) -> dict:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    [payload] = SCRIPT.findall(response.content.decode())
    return json.loads(payload)


def canonical_link(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def parse_iso(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"{value} has no time zone"
    return moment


@pytest.mark.django_db
def test_article_page_describes_a_news_article(client):
    section = make_section(name="Politics", slug="politics")
    article = make_article(
        headline="Parliament passes budget",
        standfirst="The vote was close.",
        section=section,
        dateline="ERBIL, Kurdistan Region",
        tags=[make_tag(name="Budget"), make_tag(name="Parliament")],
    )

    data = structured_data(client, article)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Parliament passes budget"
    assert data["description"] == "The vote was close."
    assert data["articleSection"] == "Politics"
    assert data["dateline"] == "ERBIL, Kurdistan Region"
    assert data["keywords"] == ["Budget", "Parliament"]
    canonical = f"http://testserver/en/news/{article.pk}/parliament-passes-budget/"
    assert data["mainEntityOfPage"] == canonical == canonical_link(client, article)
    assert data["url"] == canonical


@pytest.mark.django_db
def test_every_author_is_named_as_a_person_or_an_organisation(client):
    reporter = make_author(name="Hana Karim", slug="hana-karim")
    agency = make_author(name="Wire Agency", slug="wire", kind=Author.Kind.ORGANIZATION)
    other = make_author(name="Zed Zaki", slug="zed-zaki")
    article = make_article(authors=[other, agency, reporter])

    data = structured_data(client, article)

    assert data["author"] == [
        {"@type": "Person", "name": "Hana Karim", "url": "http://testserver/en/author/hana-karim/"},
        {
            "@type": "Organization",
            "name": "Wire Agency",
            "url": "http://testserver/en/author/wire/",
        },
        {"@type": "Person", "name": "Zed Zaki", "url": "http://testserver/en/author/zed-zaki/"},
    ]


@pytest.mark.django_db
def test_dates_are_iso_8601_with_time_zone_and_modified_equals_published(client):
    published = timezone.now() - timedelta(hours=6)
    article = make_article(published_at=published)

    data = structured_data(client, article)

    assert parse_iso(data["datePublished"]) == published
    assert parse_iso(data["dateModified"]) == published


@pytest.mark.django_db
def test_date_modified_is_the_update_time_when_there_is_an_update_note(client):
    published = timezone.now() - timedelta(hours=6)
    article = make_article(published_at=published, update_note="Casualty figure corrected.")
    article.refresh_from_db()

    data = structured_data(client, article)

    assert parse_iso(data["datePublished"]) == published
    assert parse_iso(data["dateModified"]) == article.updated_at
    assert article.updated_at > published


@pytest.mark.django_db
def test_date_modified_ignores_edits_without_an_update_note(client):
    """A silent fix (no note) does not claim the article was updated."""
    published = timezone.now() - timedelta(hours=6)
    article = make_article(published_at=published)
    article.body = "A typo fixed."
    article.save()

    data = structured_data(client, article)

    assert parse_iso(data["dateModified"]) == published


@pytest.mark.django_db
def test_publisher_has_a_name_and_a_logo_that_exists(client):
    data = structured_data(client, make_article())

    publisher = data["publisher"]
    assert publisher["name"] == "Newsroom"
    assert publisher["url"] == "http://testserver/"
    assert publisher["logo"]["@type"] == "ImageObject"
    logo_url = publisher["logo"]["url"]
    assert logo_url == "http://testserver/static/img/logo.png"
    assert finders.find("img/logo.png") is not None


@pytest.mark.django_db
def test_lead_photo_is_an_image_object_with_its_credits(client):
    photo = make_photo(
        width=1200,
        height=800,
        caption="Voters queue in Duhok.",
        credit="Newsroom/Jane Doe",
        photographer="Jane Doe",
        copyright_notice="© 2025 Newsroom Media",
    )
    article = make_article(lead_photo=photo)

    image = structured_data(client, article)["image"]

    assert image["@type"] == "ImageObject"
    assert image["url"] == f"http://testserver{photo.url}"
    assert image["url"].endswith("-1200w.jpg")
    assert (image["width"], image["height"]) == (1200, 800)
    assert image["caption"] == "Voters queue in Duhok."
    assert image["creditText"] == "Newsroom/Jane Doe"
    assert image["creator"] == {"@type": "Person", "name": "Jane Doe"}
    assert image["copyrightNotice"] == "© 2025 Newsroom Media"


@pytest.mark.django_db
def test_photo_without_credits_leaves_them_out_and_no_photo_means_no_image(client):
    bare = make_photo(width=480, height=320, credit="", photographer="", copyright_notice="")
    with_photo = make_article(lead_photo=bare)
    without_photo = make_article()

    image = structured_data(client, with_photo)["image"]

    assert {"creditText", "creator", "copyrightNotice"}.isdisjoint(image)
    assert (image["width"], image["height"]) == (480, 320)
    assert "image" not in structured_data(client, without_photo)


# --- the json_ld filter ------------------------------------------------------------------------


def _payload(rendered: str) -> str:
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', rendered, re.DOTALL)
    assert match, rendered
    return match.group(1)


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "<!-- hidden",
        "<script>",
        "a & b > c",
        "</SCRIPT >",
        "Ünïcödé “quotes” نەوت",
        '"quoted" and \\ backslash',
    ],
)
def test_json_ld_filter_escapes_markup_and_round_trips(text):
    data = {"headline": text, "nested": {"list": [text, 1, None, True]}}

    rendered = json_ld(data)

    payload = _payload(rendered)
    assert "<" not in payload
    assert ">" not in payload
    assert rendered.count("</script>") == 1
    assert json.loads(payload) == data


def test_json_ld_filter_handles_dates():
    moment = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)

    payload = _payload(json_ld({"datePublished": moment}))

    assert json.loads(payload) == {"datePublished": "2025-03-01T09:30:00Z"}

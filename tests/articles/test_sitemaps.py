"""The sitemap and the Google News sitemap, as a crawler reads them."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from defusedxml.ElementTree import fromstring as parse_xml
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import NEWS_SITEMAP_LIMIT
from tests.articles.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def fetch(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = parse_xml(response.content)
    assert root.tag == f"{SM}urlset"
    return root


def entries(root: ET.Element) -> dict[str, ET.Element]:
    """Each <url> element by its <loc>."""
    return {url.findtext(f"{SM}loc"): url for url in root.findall(f"{SM}url")}


# --- /sitemap.xml ----------------------------------------------------------------------------


def test_sitemap_lists_front_page_sections_and_published_articles(client):
    world = make_section(name="World", slug="world")
    reporter = make_author(slug="reporter-public")
    tag = make_tag(slug="public-topic")
    article = make_article(section=world, authors=[reporter], tags=[tag])

    urls = entries(fetch(client, "/sitemap.xml"))

    assert absolute("/en/") in urls
    assert absolute("/en/section/world/") in urls
    assert absolute(article.get_absolute_url()) in urls
    assert absolute("/en/author/reporter-public/") in urls
    assert absolute("/en/tag/public-topic/") in urls
    assert all(loc.startswith("http://testserver/") for loc in urls)


def test_sitemap_leaves_out_drafts_and_scheduled_articles(client):
    hidden_author = make_author(slug="only-unpublished")
    hidden_tag = make_tag(slug="only-unpublished")
    draft = make_article(status=Article.Status.DRAFT, authors=[hidden_author], tags=[hidden_tag])
    embargoed = make_article(published_at=hours_ago(-3), authors=[hidden_author], tags=[hidden_tag])
    public = make_article()

    urls = entries(fetch(client, "/sitemap.xml"))

    assert absolute(public.get_absolute_url()) in urls
    assert absolute(draft.get_absolute_url()) not in urls
    assert absolute(embargoed.get_absolute_url()) not in urls
    assert absolute("/en/author/only-unpublished/") not in urls
    assert absolute("/en/tag/only-unpublished/") not in urls


def test_sitemap_gives_articles_their_last_modification_date(client):
    article = make_article()
    article.refresh_from_db()

    url = entries(fetch(client, "/sitemap.xml"))[absolute(article.get_absolute_url())]

    assert url.findtext(f"{SM}lastmod") == timezone.localdate(article.modified_at).isoformat()


def test_sitemap_lists_each_author_and_tag_once(client):
    reporter = make_author(slug="busy-reporter")
    tag = make_tag(slug="busy-topic")
    for _ in range(3):
        make_article(authors=[reporter], tags=[tag])

    locs = [url.findtext(f"{SM}loc") for url in fetch(client, "/sitemap.xml").findall(f"{SM}url")]

    assert locs.count(absolute("/en/author/busy-reporter/")) == 1
    assert locs.count(absolute("/en/tag/busy-topic/")) == 1


# --- /news-sitemap.xml -------------------------------------------------------------------------


def test_news_sitemap_lists_only_articles_of_the_last_two_days(client):
    recent = make_article(headline="Recent", published_at=hours_ago(1))
    almost_two_days = make_article(headline="Nearly two days", published_at=hours_ago(47))
    old = make_article(headline="Three days old", published_at=hours_ago(72))
    draft = make_article(headline="Draft", status=Article.Status.DRAFT)
    embargoed = make_article(headline="Embargoed", published_at=hours_ago(-1))

    urls = entries(fetch(client, "/news-sitemap.xml"))

    assert absolute(recent.get_absolute_url()) in urls
    assert absolute(almost_two_days.get_absolute_url()) in urls
    for absent in (old, draft, embargoed):
        assert absolute(absent.get_absolute_url()) not in urls
    assert len(urls) == 2


def test_news_sitemap_entry_has_the_google_news_fields(client):
    published = hours_ago(2)
    article = make_article(headline="Ceasefire agreed", published_at=published)

    [url] = fetch(client, "/news-sitemap.xml").findall(f"{SM}url")

    assert url.findtext(f"{SM}loc") == absolute(article.get_absolute_url())
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    date = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert date.tzinfo is not None
    assert date == published
    assert news.findtext(f"{NEWS}title") == "Ceasefire agreed"


def test_news_sitemap_escapes_headlines(client):
    make_article(headline='Oil & gas <rally> as "OPEC" </news:title> meets')

    response = client.get("/news-sitemap.xml")

    root = parse_xml(response.content)  # well-formed despite the headline
    assert root.findtext(f"{SM}url/{NEWS}news/{NEWS}title") == (
        'Oil & gas <rally> as "OPEC" </news:title> meets'
    )


def test_news_sitemap_is_well_formed_when_empty(client):
    make_article(published_at=hours_ago(100))

    root = fetch(client, "/news-sitemap.xml")

    assert root.findall(f"{SM}url") == []


def test_news_sitemap_is_newest_first(client):
    for hours in (5, 1, 3):
        make_article(headline=f"{hours}h", published_at=hours_ago(hours))

    titles = [
        url.findtext(f"{NEWS}news/{NEWS}title")
        for url in fetch(client, "/news-sitemap.xml").findall(f"{SM}url")
    ]

    assert titles == ["1h", "3h", "5h"]


def test_news_sitemap_is_capped_at_1000_newest_articles(client):
    section = make_section()
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Bulk {n}",
            slug=f"bulk-{n}",
            body="Text.",
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(NEWS_SITEMAP_LIMIT + 1)
    )

    urls = fetch(client, "/news-sitemap.xml").findall(f"{SM}url")

    assert NEWS_SITEMAP_LIMIT == 1000
    assert len(urls) == 1000
    titles = {url.findtext(f"{NEWS}news/{NEWS}title") for url in urls}
    assert "Bulk 0" in titles
    assert "Bulk 1000" not in titles  # the oldest is the one left out

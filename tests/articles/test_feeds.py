"""RSS and Atom feeds, as a feed reader sees them."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from defusedxml.ElementTree import fromstring as parse_xml
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.models import Article
from tests.articles.factories import make_article, make_author, make_photo, make_section, make_tag

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def fetch(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return parse_xml(response.content)


def rss_items(client, url: str) -> list[ET.Element]:
    root = fetch(client, url)
    assert root.tag == "rss"
    return root.findall("./channel/item")


def atom_entries(client, url: str) -> list[ET.Element]:
    root = fetch(client, url)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def rss_titles(client, url: str) -> list[str]:
    return [item.findtext("title") for item in rss_items(client, url)]


def atom_titles(client, url: str) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in atom_entries(client, url)]


def absolute(path: str) -> str:
    return f"http://testserver{path}"


@pytest.fixture
def mixed_articles():
    """Three published articles (newest last made), a draft and a scheduled one."""
    section = make_section(name="World", slug="world")
    published = [
        make_article(
            headline=f"Published {hours}h ago", section=section, published_at=hours_ago(hours)
        )
        for hours in (3, 1, 2)
    ]
    make_article(headline="Draft story", section=section, status=Article.Status.DRAFT)
    make_article(headline="Embargoed story", section=section, published_at=hours_ago(-2))
    return published


# --- latest -----------------------------------------------------------------------------------


def test_rss_lists_published_articles_newest_first(client, mixed_articles):
    assert rss_titles(client, "/en/feeds/latest/") == [
        "Published 1h ago",
        "Published 2h ago",
        "Published 3h ago",
    ]


def test_atom_lists_published_articles_newest_first(client, mixed_articles):
    assert atom_titles(client, "/en/feeds/latest/atom/") == [
        "Published 1h ago",
        "Published 2h ago",
        "Published 3h ago",
    ]


def test_feeds_stop_at_the_feed_length(client):
    section = make_section()
    for hours in range(FEED_LENGTH + 1):
        make_article(headline=f"Story {hours}", section=section, published_at=hours_ago(hours + 1))

    titles = rss_titles(client, "/en/feeds/latest/")

    assert len(titles) == FEED_LENGTH == 30
    assert titles[0] == "Story 0"
    assert f"Story {FEED_LENGTH}" not in titles  # the oldest one falls off


def test_rss_channel_describes_the_site(client):
    channel = fetch(client, "/en/feeds/latest/").find("channel")

    assert channel.findtext("title") == "Newsroom: latest news"
    assert channel.findtext("link") == "http://testserver/en/"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == absolute(
        "/en/feeds/latest/"
    )


def test_rss_item_carries_what_a_reader_needs(client):
    section = make_section(name="Economy", slug="economy")
    first = make_author(name="Ala Ahmed")
    second = make_author(name="Ben Baker")
    tag = make_tag(name="Oil")
    published = hours_ago(2)
    article = make_article(
        headline="Oil exports resume",
        standfirst="Shipments restart after a year.",
        section=section,
        authors=[second, first],
        tags=[tag],
        published_at=published,
    )

    [item] = rss_items(client, "/en/feeds/latest/")

    assert item.findtext("title") == "Oil exports resume"
    assert item.findtext("link") == absolute(article.get_absolute_url())
    assert item.findtext("guid") == absolute(article.get_absolute_url())
    assert item.findtext("description") == "Shipments restart after a year."
    assert parsedate_to_datetime(item.findtext("pubDate")) == published.replace(microsecond=0)
    assert item.findtext(DC_CREATOR) == "Ala Ahmed and Ben Baker"
    assert item.find("author") is None  # no e-mail addresses are published
    assert [c.text for c in item.findall("category")] == ["Economy", "Oil"]
    assert item.find("enclosure") is None


def test_atom_entry_carries_what_a_reader_needs(client):
    section = make_section(name="Economy", slug="economy")
    published = hours_ago(5)
    article = make_article(
        headline="Oil exports resume",
        standfirst="Shipments restart after a year.",
        section=section,
        authors=[make_author(name="Ala Ahmed")],
        published_at=published,
        update_note="Figures corrected.",
    )
    article.refresh_from_db()

    [entry] = atom_entries(client, "/en/feeds/latest/atom/")

    alternate = entry.find(f"{ATOM}link[@rel='alternate']")
    assert alternate.get("href") == absolute(article.get_absolute_url())
    assert entry.findtext(f"{ATOM}summary") == "Shipments restart after a year."
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == published
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == article.updated_at
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ala Ahmed"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Economy"]


def test_rss_enclosure_points_at_the_lead_photo(client):
    photo = make_photo(width=600, height=400)
    make_article(lead_photo=photo)

    [item] = rss_items(client, "/en/feeds/latest/")

    enclosure = item.find("enclosure")
    assert enclosure.get("url") == absolute(photo.url)
    assert enclosure.get("url").endswith(".jpg")
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0
    # The length is that of the file the URL names.
    assert int(enclosure.get("length")) == default_storage.size(photo.largest["name"])


def test_atom_enclosure_points_at_the_lead_photo(client):
    photo = make_photo(width=600, height=400)
    make_article(lead_photo=photo)

    [entry] = atom_entries(client, "/en/feeds/latest/atom/")

    enclosure = entry.find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure.get("href") == absolute(photo.url)
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0


@pytest.mark.parametrize("url", ["/en/feeds/latest/", "/en/feeds/latest/atom/"])
def test_feeds_keep_hostile_headlines_well_formed(client, url):
    make_article(headline="Rates </title><script>alert(1)</script> & more", standfirst="A < B")

    response = client.get(url)

    assert b"<script>" not in response.content
    root = parse_xml(response.content)  # well-formed XML
    titles = [el.text for el in root.iter() if el.tag in ("title", f"{ATOM}title")]
    assert "Rates </title><script>alert(1)</script> & more" in titles


# --- per section, author and tag ---------------------------------------------------------------


def test_section_feed_has_only_that_sections_articles(client):
    world = make_section(name="World", slug="world")
    sport = make_section(name="Sport", slug="sport")
    make_article(headline="World story", section=world)
    make_article(headline="Sport story", section=sport)
    make_article(headline="World draft", section=world, status=Article.Status.DRAFT)

    root = fetch(client, "/en/feeds/section/world/")

    assert "World" in root.findtext("channel/title")
    assert root.findtext("channel/link") == absolute("/en/section/world/")
    assert [i.findtext("title") for i in root.findall("channel/item")] == ["World story"]
    assert atom_titles(client, "/en/feeds/section/world/atom/") == ["World story"]
    atom_title = fetch(client, "/en/feeds/section/world/atom/").findtext(f"{ATOM}title")
    assert "World" in atom_title


def test_author_feed_has_only_that_authors_articles(client):
    dana = make_author(name="Dana", slug="dana")
    sam = make_author(name="Sam", slug="sam")
    make_article(headline="Dana and Sam", authors=[dana, sam])
    make_article(headline="Sam alone", authors=[sam])
    make_article(headline="Dana embargo", authors=[dana], published_at=hours_ago(-1))

    root = fetch(client, "/en/feeds/author/dana/")

    assert "Dana" in root.findtext("channel/title")
    assert [i.findtext("title") for i in root.findall("channel/item")] == ["Dana and Sam"]
    assert atom_titles(client, "/en/feeds/author/dana/atom/") == ["Dana and Sam"]


def test_tag_feed_has_only_that_tags_articles(client):
    oil = make_tag(name="Oil", slug="oil")
    gas = make_tag(name="Gas", slug="gas")
    make_article(headline="Oil and gas", tags=[oil, gas])
    make_article(headline="Gas only", tags=[gas])

    root = fetch(client, "/en/feeds/tag/oil/")

    assert "Oil" in root.findtext("channel/title")
    assert [i.findtext("title") for i in root.findall("channel/item")] == ["Oil and gas"]
    assert atom_titles(client, "/en/feeds/tag/oil/atom/") == ["Oil and gas"]


@pytest.mark.parametrize(
    "url",
    [
        "/en/feeds/section/nope/",
        "/en/feeds/section/nope/atom/",
        "/en/feeds/author/nope/",
        "/en/feeds/author/nope/atom/",
        "/en/feeds/tag/nope/",
        "/en/feeds/tag/nope/atom/",
    ],
)
def test_feed_for_unknown_slug_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_feed_content_types(client):
    make_article()

    assert client.get("/en/feeds/latest/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/en/feeds/latest/atom/")["Content-Type"].startswith("application/atom+xml")


FEED_QUERIES = 2  # the articles, their authors and tags (one query)


def test_feed_query_count_does_not_grow_with_articles(client, django_assert_num_queries):
    for _ in range(8):
        make_article(
            authors=[make_author(), make_author()],
            tags=[make_tag(), make_tag()],
            lead_photo=make_photo(480, 320),
        )

    with django_assert_num_queries(FEED_QUERIES):
        response = client.get("/en/feeds/latest/")

    assert len(parse_xml(response.content).findall("channel/item")) == 8

"""Pages go compressed to readers whose browsers accept it, cached pages and 304s included."""

import gzip
import re

import pytest
from django.urls import reverse

from tests.articles.factories import make_article, make_photo, make_section, make_tag
from tests.comments.factories import make_comment

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends


@pytest.fixture
def front_page_news():
    """A front page as full as a news site's: sections of articles, photos, tags, comments."""
    tags = [make_tag() for _ in range(6)]
    for name in ("World", "Politics", "Business", "Science", "Culture", "Sport"):
        section = make_section(name=name, slug=name.lower())
        for number in range(5):
            article = make_article(
                section=section,
                headline=f"{name}: the story of the day, part {number}, told at length",
                standfirst="What happened, who it touches and what comes next, in a sentence.",
                tags=tags[number : number + 2],
                lead_photo=make_photo(width=480, height=320) if number == 0 else None,
            )
            if number == 0:
                make_comment(article=article)


def test_a_reader_who_accepts_gzip_gets_the_front_page_compressed(client, front_page_news):
    plain = client.get("/en/")
    compressed = client.get("/en/", headers=GZIP)

    assert "Content-Encoding" not in plain.headers
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content)
    # A front page of some 30 stories travels in a few kilobytes.
    assert len(plain.content) > 20_000
    assert len(compressed.content) < len(plain.content) / 4
    print(f"front page: {len(plain.content)} bytes, {len(compressed.content)} gzipped")
    assert len(compressed.content) < 8_000


def test_each_compressed_response_differs_though_the_page_does_not(client, front_page_news):
    # Heal the Breach: random padding in each gzip stream, so its size tells little.
    first = client.get("/en/", headers=GZIP).content
    second = client.get("/en/", headers=GZIP).content
    assert gzip.decompress(first) == gzip.decompress(second)
    assert first != second


def test_the_article_form_carries_a_csrf_token_masked_anew_in_each_compressed_page(client):
    article = make_article()
    pages = [
        gzip.decompress(client.get(article.get_absolute_url(), headers=GZIP).content).decode()
        for _ in range(2)
    ]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1] for page in pages]
    # The secret behind both is the same; what a page shows never repeats (BREACH).
    assert tokens[0] != tokens[1]


def test_a_cached_page_answers_its_compressed_etag_with_a_304_carrying_the_same_etag(
    client, front_page_news
):
    first = client.get("/en/", headers=GZIP)
    etag = first["ETag"]
    # Django's gzip makes the ETag weak: the compressed bytes differ every time.
    assert etag.startswith('W/"')

    again = client.get("/en/", headers={**GZIP, "If-None-Match": etag})

    assert again.status_code == 304
    assert again["ETag"] == etag
    assert "Accept-Encoding" in again["Vary"]


def test_feeds_are_compressed_too(client, front_page_news):
    response = client.get(reverse("articles:feed-latest"), headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert b"<rss" in gzip.decompress(response.content)


def test_photos_are_sent_as_they_are(client):
    # JPEG and WebP are compressed already: gzip would only cost time.
    photo = make_photo()
    response = client.get(photo.url, headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"  # a JPEG


def test_a_reader_who_does_not_accept_gzip_gets_the_page_as_it_is(client, front_page_news):
    response = client.get("/en/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.content.startswith(b"<!doctype html>")

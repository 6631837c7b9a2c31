"""Uploaded photos as Django serves them (DJANGO_SERVE_MEDIA): kept a year, shown anywhere.

The README's advice for a web server that serves /media/ itself is checked with nginx
in tests/test_observatory.py.
"""

import pytest

from tests.articles.factories import make_photo

pytestmark = pytest.mark.django_db

A_YEAR = "public, max-age=31536000, immutable"


def test_a_rendition_is_kept_a_year_without_revalidation(client):
    photo = make_photo()
    response = client.get(photo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == A_YEAR


def test_every_rendition_and_the_original_say_the_same(client):
    photo = make_photo()
    urls = [url.split()[0] for url in photo.srcset_webp.split(", ")]
    urls += [url.split()[0] for url in photo.srcset_jpeg.split(", ")]
    urls.append(photo.image.url)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == A_YEAR, url


def test_a_feed_reader_on_another_site_may_show_the_photos(client):
    # The site's own resources say same-origin; photos are enclosed in the feeds.
    response = client.get(make_photo().url)
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert client.get("/en/")["Cross-Origin-Resource-Policy"] == "same-origin"


def test_a_revalidated_photo_keeps_its_year(client):
    photo = make_photo()
    first = client.get(photo.url)
    again = client.get(photo.url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304
    assert again["Cache-Control"] == A_YEAR


def test_a_missing_file_is_not_kept(client):
    response = client.get("/media/photos/2020/01/no-such-photo.jpg")
    assert response.status_code == 404
    # The 404 page is the site's own, and the file may be uploaded later.
    assert "immutable" not in response.get("Cache-Control", "")

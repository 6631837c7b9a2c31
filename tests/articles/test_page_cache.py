"""The page cache's copies in each process: never older than what the shared cache holds.

Each process keeps the pages it served last, so a busy page need not come over the
network on every request. These tests play the part of another process by changing the
database behind the site's back (a queryset update sends no signal) and then doing
what that process would do to the shared cache.
"""

import hashlib

import pytest
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache

from articles import page_cache
from articles.models import Article
from tests.articles.factories import make_article
from tests.pages import text_of

pytestmark = pytest.mark.django_db


def headline_changed_elsewhere(article, headline):
    """The headline changed as another process would change it: no signal reaches us."""
    Article.objects.filter(pk=article.pk).update(headline=headline)


def test_a_busy_page_is_served_again_without_a_query_and_without_the_shared_entry(
    client, django_assert_num_queries
):
    article = make_article(headline="Bridge opens to traffic")
    url = article.get_absolute_url()
    client.get(url)
    # Only the generation must come from the shared cache: the page itself is this
    # process's copy, even once the shared entry is gone (evicted, say).
    cache.delete_many(list(page_cache._local_pages._pages))

    with django_assert_num_queries(0):
        again = client.get(url)

    assert "Bridge opens to traffic" in text_of(again)


def test_a_change_made_in_another_process_shows_at_once_despite_the_copy(client):
    article = make_article(headline="Bridge opens to traffic")
    url = article.get_absolute_url()
    client.get(url)
    client.get(url)

    headline_changed_elsewhere(article, "Bridge opening delayed")
    page_cache.forget_pages()  # what the other process's save did to the shared cache

    assert "Bridge opening delayed" in text_of(client.get(url))


def test_a_copy_is_not_served_once_the_shared_entry_has_expired(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 60
    article = make_article(headline="Bridge opens to traffic")
    url = article.get_absolute_url()
    client.get(url)
    headline_changed_elsewhere(article, "Bridge opening delayed")
    assert "Bridge opens to traffic" in text_of(client.get(url))

    later = page_cache.time.time() + 61
    monkeypatch.setattr(page_cache.time, "time", lambda: later)

    assert "Bridge opening delayed" in text_of(client.get(url))


def test_no_copy_is_kept_while_the_shared_cache_is_unreachable(client, monkeypatch):
    # An unreachable Redis answers as a cache that keeps nothing (newsroom.cache): with
    # no shared generation, nothing could tell this process its copy went stale.
    monkeypatch.setattr(page_cache, "cache", DummyCache("unreachable", {}))
    page_cache._local_pages.clear()
    article = make_article(headline="Bridge opens to traffic")
    url = article.get_absolute_url()
    client.get(url)

    headline_changed_elsewhere(article, "Bridge opening delayed")

    assert "Bridge opening delayed" in text_of(client.get(url))
    assert len(page_cache._local_pages._pages) == 0


def page_key(article) -> str:
    url = f"http://testserver{article.get_absolute_url()}".encode()
    return f"pages:{hashlib.sha256(url).hexdigest()}"


def test_each_process_keeps_a_bounded_number_of_copies_the_last_served(client):
    page_cache._local_pages.clear()
    articles = [make_article() for _ in range(page_cache.LOCAL_PAGES + 5)]
    for article in articles:
        assert client.get(article.get_absolute_url()).status_code == 200
    client.get(articles[0].get_absolute_url())  # served again: kept again

    assert len(page_cache._local_pages._pages) == page_cache.LOCAL_PAGES
    assert page_key(articles[0]) in page_cache._local_pages
    assert page_key(articles[-1]) in page_cache._local_pages
    assert page_key(articles[1]) not in page_cache._local_pages

"""PostgreSQL searches a stored, indexed document of each article, kept up to date."""

import pytest
from django.db import connection

from articles.models import Article

from .factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stored search document is PostgreSQL's"
    ),
]


def found(query: str) -> list[str]:
    return list(Article.objects.published().search(query).values_list("headline", flat=True))


def test_a_saved_article_is_found_by_a_word_of_its_body():
    make_article(headline="Harbour news", body="The ferry to the islands resumes on Monday.")

    assert found("ferries") == ["Harbour news"]  # stemmed, as full-text search does


def test_an_edited_article_is_found_by_its_new_words_only():
    article = make_article(headline="Weather", body="Rain all week in the hills.")
    article.body = "Snow closes the mountain passes."
    article.save()

    assert found("snow") == ["Weather"]
    assert found("rain") == []


def test_a_headline_match_ranks_above_a_body_match():
    make_article(headline="Elections", body="Turnout was high across the region.")
    make_article(headline="Turnout records broken", body="A busy day at the polls.")

    assert found("turnout") == ["Turnout records broken", "Elections"]


def test_bulk_inserted_articles_are_found_once_their_documents_are_refreshed():
    section = make_article().section
    Article.objects.bulk_create(
        [Article(headline="Imported", slug="imported", body="Dates and figs at the market.",
                 section=section, status=Article.Status.PUBLISHED,
                 published_at=make_article().published_at)]
    )  # fmt: skip
    assert found("figs") == []

    Article.objects.filter(slug="imported").refresh_search_documents()

    assert found("figs") == ["Imported"]

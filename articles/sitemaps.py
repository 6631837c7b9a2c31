"""Sitemaps for crawlers, including a Google News sitemap of the last two days.

Every entry names its versions in the other editions (hreflang alternates): an article's
are the articles sharing its translation key; the front page, an author's and a tag's
page exist in every edition that has something to list on them; a section belongs to
one edition and has none.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone, translation

from . import editions
from .models import Article, Author, Section, Tag

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most this many URLs from one sitemap.


class EditionsSitemap(Sitemap):
    """A sitemap whose entries carry the alternates `versions()` names for each page."""

    def versions(self, items) -> dict:
        """{item: {edition code: path}} for the items of one sitemap page."""
        return {}

    def x_default(self, item, paths: dict) -> str | None:
        """The page for readers of none of the editions' languages: the default edition's."""
        return paths.get(editions.default())

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        versions = self.versions([url["item"] for url in urls])
        for url in urls:
            paths = versions.get(url["item"], {})
            if len(paths) < 2:
                continue  # a page in one edition only has no alternates to name
            url["alternates"] = [
                {"lang_code": code, "location": f"{protocol}://{domain}{path}"}
                for code, path in sorted(paths.items())
            ]
            if fallback := self.x_default(url["item"], paths):
                url["alternates"].append(
                    {"lang_code": "x-default", "location": f"{protocol}://{domain}{fallback}"}
                )
        return urls


def versions_of_articles(articles) -> dict:
    """{article: {edition: path}}: each article's published versions, itself included."""
    keys = {article.translation_key for article in articles}
    by_key = defaultdict(dict)
    for version in (
        Article.objects.published()
        .filter(translation_key__in=keys, language__in=editions.codes())
        .only("pk", "slug", "language", "translation_key")
    ):
        by_key[version.translation_key][version.language] = version.get_absolute_url()
    return {article: by_key[article.translation_key] for article in articles}


class ArticleSitemap(EditionsSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published()
            .filter(language__in=editions.codes())
            .only("pk", "slug", "language", "translation_key", "modified_at")
            .order_by("-pk")
        )

    def lastmod(self, item):
        return item.modified_at

    def versions(self, items) -> dict:
        return versions_of_articles(items)


class NewsSitemap(Sitemap):
    """Articles of the last two days, with the news: fields the template writes (each in
    its edition's language)."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return (
            Article.objects.published()
            .filter(published_at__gte=since, language__in=editions.codes())
            .only("pk", "slug", "language", "headline", "published_at", "modified_at")
            .order_by("-published_at")[:NEWS_SITEMAP_LIMIT]
        )

    def lastmod(self, item):
        return item.modified_at


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.filter(language__in=editions.codes())


class SharedSitemap(EditionsSitemap):
    """Authors' (or tags') pages, one entry for each edition that has an article of theirs."""

    changefreq = "daily"
    priority = 0.4
    model = Author

    def items(self):
        pairs = (
            self.model.objects.filter(
                articles__in=Article.objects.published(),
                articles__language__in=editions.codes(),
            )
            .values_list("pk", "slug", "articles__language")
            .distinct()
            .order_by("slug", "articles__language")
        )
        return [(slug, code) for _, slug, code in pairs]

    def location(self, item):
        slug, code = item
        with translation.override(code):
            return reverse(f"articles:{self.model.__name__.lower()}", kwargs={"slug": slug})

    def versions(self, items) -> dict:
        codes_of = defaultdict(set)
        for slug, code in items:
            codes_of[slug].add(code)
        return {
            (slug, code): {other: self.location((slug, other)) for other in codes_of[slug]}
            for slug, code in items
        }


class AuthorSitemap(SharedSitemap):
    model = Author


class TagSitemap(SharedSitemap):
    model = Tag


class FrontPageSitemap(EditionsSitemap):
    changefreq = "always"
    priority = 1.0

    def items(self):
        return editions.codes()

    def location(self, item):
        with translation.override(item):
            return reverse("articles:front")

    def versions(self, items) -> dict:
        every = {code: self.location(code) for code in editions.codes()}
        return dict.fromkeys(items, every)

    def x_default(self, item, paths: dict) -> str:
        return "/"  # sends each reader on to their language's edition


SITEMAPS = {
    "front": FrontPageSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}

"""Sitemaps for crawlers, including a Google News sitemap of the last two days."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from .models import Article, Author, Section, Tag

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most this many URLs from one sitemap.


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("pk", "slug", "modified_at").order_by("-pk")

    def lastmod(self, item):
        return item.modified_at


class NewsSitemap(Sitemap):
    """Articles of the last two days, with the news: fields the template writes."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("pk", "slug", "headline", "published_at", "modified_at")
            .order_by("-published_at")[:NEWS_SITEMAP_LIMIT]
        )

    def lastmod(self, item):
        return item.modified_at


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.all()


class AuthorSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Author.objects.filter(articles__in=Article.objects.published()).distinct()


class TagSitemap(AuthorSitemap):
    def items(self):
        return Tag.objects.filter(articles__in=Article.objects.published()).distinct()


class FrontPageSitemap(Sitemap):
    changefreq = "always"
    priority = 1.0

    def items(self):
        return ["articles:front"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "front": FrontPageSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}

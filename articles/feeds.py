"""RSS and Atom feeds of published articles: latest, and per section, author and tag."""

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext

from .models import Article, Author, Section, Tag, load_authors_and_tags

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """The edition's newest published articles; subclasses narrow them to one section,
    author or tag. The feed's language is the edition's (Feed takes the active one)."""

    owner_model = None
    owner_filter = ""

    def __call__(self, request, *args, **kwargs):
        # One feed instance serves every request; work on a copy that knows its request.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, slug=None):
        if self.owner_model is None:
            return None
        owners = self.owner_model.objects.all()
        if self.owner_model is Section:
            owners = owners.in_edition()
        return get_object_or_404(owners, slug=slug)

    def title(self, obj):
        if obj:
            return f"{settings.SITE_NAME}: {obj.name}"
        return gettext("%(site)s: latest news") % {"site": settings.SITE_NAME}

    def link(self, obj):
        return obj.get_absolute_url() if obj else reverse("articles:front")

    def description(self, obj):
        if obj:
            return gettext("The latest articles from %(name)s.") % {"name": obj.name}
        return gettext("The latest articles.")

    subtitle = description

    def items(self, obj):
        articles = Article.objects.published().in_edition()
        if obj is not None:
            articles = articles.filter(**{self.owner_filter: obj})
        # Their authors and tags come in one query of their own, not a query each.
        items = list(articles.for_listing().prefetch_related(None)[:FEED_LENGTH])
        load_authors_and_tags(items)
        return items

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.date_modified

    def item_author_name(self, item):
        return item.byline

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tag_list)]

    def item_enclosures(self, item):
        photo = item.lead_photo
        if photo is None:
            return []
        largest = photo.largest
        # While its renditions are being made the photo is its original, of any format.
        length = largest.get("bytes") or photo.image.size
        mime_type = mimetypes.guess_type(largest["name"])[0] or "image/jpeg"
        return [
            Enclosure(
                url=self.request.build_absolute_uri(photo.url),
                length=str(length),
                mime_type=mime_type,
            )
        ]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed


class SectionFeed(LatestArticlesFeed):
    owner_model, owner_filter = Section, "section"


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed


class AuthorFeed(LatestArticlesFeed):
    owner_model, owner_filter = Author, "authors"


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed


class TagFeed(LatestArticlesFeed):
    owner_model, owner_filter = Tag, "tags"


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed

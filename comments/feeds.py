from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext

from articles import editions

from .models import Comment


class LatestCommentsFeed(Feed):
    """The latest approved comments on published articles."""

    def title(self):
        return gettext("%(site)s: what you say") % {"site": settings.SITE_NAME}

    def description(self):
        return gettext("The latest readers' comments.")

    def link(self):
        return reverse("articles:front")

    def items(self):
        return (
            Comment.objects.public()
            .filter(article__language=editions.current())
            .select_related("article")
            .order_by("-submitted_at")[:30]
        )

    def item_title(self, comment):
        return gettext("%(name)s on “%(headline)s”") % {
            "name": comment.shown_name,
            "headline": comment.article.headline,
        }

    def item_description(self, comment):
        return comment.body_html

    def item_link(self, comment):
        return comment.get_absolute_url()

    def item_pubdate(self, comment):
        return comment.submitted_at

    def item_author_name(self, comment):
        return comment.shown_name

"""Reading comments for pages: an article's threads a page at a time, the sidebar, counts."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article

from .models import Comment

RECENT_CACHE_KEY = "comments:recent"
SESSION_KEY = "comments_posted"


def article_threads(article, page_number):
    """A page of the article's approved top-level comments, oldest first, with replies."""
    threads = (
        Comment.objects.approved()
        .filter(article=article, parent__isnull=True)
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.approved()))
    )
    return Paginator(threads, settings.COMMENTS_PER_PAGE).get_page(page_number)


def page_of(comment) -> int:
    """The page of its article's comments that shows `comment` (or its thread)."""
    root = comment.parent or comment
    earlier = (
        Comment.objects.approved()
        .filter(article_id=root.article_id, parent__isnull=True)
        .filter(
            Q(submitted_at__lt=root.submitted_at)
            | Q(submitted_at=root.submitted_at, pk__lt=root.pk)
        )
        .count()
    )
    return earlier // settings.COMMENTS_PER_PAGE + 1


def own_pending(request, article):
    """Comments this browser posted that still await moderation: shown to it alone.

    Its spam is among them, looking pending, so a bot cannot tell it was caught.
    """
    ids = request.session.get(SESSION_KEY, []) if hasattr(request, "session") else []
    if not ids:
        return []
    held = (Comment.Status.PENDING, Comment.Status.SPAM)
    return list(Comment.objects.filter(article=article, pk__in=ids, status__in=held))


def remember_posted(request, comment) -> None:
    ids = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*ids, comment.pk][-50:]


def _approved_count_of_article():
    return Coalesce(
        Subquery(
            Comment.objects.approved()
            .filter(article=OuterRef("article"))
            .values("article")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def recent_comments():
    """The latest public comments site-wide for the "What you say" sidebar.

    One query when the cache is cold, none when warm; the cache is dropped whenever a
    comment becomes public (see forget_recent_comments).
    """
    recent = cache.get(RECENT_CACHE_KEY)
    if recent is None:
        recent = list(
            Comment.objects.public()
            .select_related("article")
            .annotate(article_comment_count=_approved_count_of_article())
            .order_by("-submitted_at", "-pk")[: settings.COMMENTS_SIDEBAR_COUNT]
        )
        cache.set(RECENT_CACHE_KEY, recent, timeout=300)
    return recent


def forget_recent_comments() -> None:
    cache.delete(RECENT_CACHE_KEY)


def approved_counts(articles) -> dict[int, int]:
    """Approved-comment counts for a list of articles, in one query."""
    ids = [article.pk for article in articles]
    if not ids:
        return {}
    rows = (
        Comment.objects.approved()
        .filter(article_id__in=ids)
        .values("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    return dict(rows)


def most_commented(days=7, limit=5):
    """Published articles with the most approved comments in the last `days` days."""
    since = timezone.now() - timedelta(days=days)
    # Joining only the week's approved comments (the index on status and time finds
    # them) instead of counting every comment of every article with a filter.
    return list(
        Article.objects.published()
        # One filter() call, so the conditions share one join of the comments.
        .filter(
            Q(comments__parent__isnull=True) | Q(comments__parent__status=Comment.Status.APPROVED),
            comments__status=Comment.Status.APPROVED,
            comments__submitted_at__gte=since,
        )
        .annotate(recent_comments=Count("comments"))
        .defer("body", "body_html")
        .order_by("-recent_comments", "-published_at")[:limit]
    )

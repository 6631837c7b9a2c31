"""Reading comments for pages: an article's threads a page at a time, the sidebar, counts."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import editions
from articles.models import Article

from .models import Comment, approved_condition

RECENT_CACHE_KEY = "comments:recent:{edition}"
# The guest comments a browser posted, in a signed cookie: no session (and no database
# row) is made for a guest who comments.
POSTED_COOKIE = "newsroom_posted"
POSTED_SALT = "comments.posted"
POSTED_KEPT = 50


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


def posted_ids(request) -> list[int]:
    """Guest comments this browser posted: the last POSTED_KEPT, from a signed cookie."""
    value = request.get_signed_cookie(
        POSTED_COOKIE, default="", salt=POSTED_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    return [int(part) for part in value.split(",") if part.isascii() and part.isdigit()]


def own_comments(reader, article) -> tuple[list, list]:
    """`reader`'s comments on `article` that only they see, and those they may still change.

    The first list holds what waits (held: for a moderator or an email confirmation; their
    spam among it, looking pending, so a bot cannot tell it was caught); the second, their
    published comments still inside COMMENTS_EDIT_SECONDS for editing. A reader with no
    comments in this browser and no account costs no query.
    """
    if reader.is_anonymous:
        return [], []
    recent = timezone.now() - timedelta(seconds=settings.COMMENTS_EDIT_SECONDS)
    candidates = (
        Comment.objects.filter(article=article)
        .written_by(reader)
        .filter(
            Q(status__in=Comment.HELD)
            | Q(status=Comment.Status.APPROVED, submitted_at__gte=recent)
            | Q(status=Comment.Status.APPROVED, decided_at__gte=recent)
        )
        .order_by("submitted_at", "pk")
    )
    waiting, editable = [], []
    for comment in candidates:
        if comment.is_held:
            # Spam cannot be changed, but it looks just like the rest to its sender.
            comment.changeable = comment.status != Comment.Status.SPAM
            waiting.append(comment)
        elif comment.is_editable():
            editable.append(comment)
    return waiting, editable


def remember_posted(request, response, comment) -> None:
    """Have this browser remember the guest comment `comment` (a member's comments are
    known by their account)."""
    if comment.user_id is not None:
        return
    ids = [pk for pk in posted_ids(request) if pk != comment.pk]
    response.set_signed_cookie(
        POSTED_COOKIE,
        ",".join(str(pk) for pk in [*ids, comment.pk][-POSTED_KEPT:]),
        salt=POSTED_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def approved_count(article=None, *, threads_only=False):
    """An expression: how many approved comments (or threads) `article` has, 0 for none.

    `article` is a reference into the outer query; by default an Article's own pk, as
    article pages and cards annotate with it (see articles.figures).
    """
    article = OuterRef("pk") if article is None else article
    approved = Comment.objects.approved().filter(article=article)
    if threads_only:
        approved = approved.filter(parent__isnull=True)
    counted = approved.order_by().values("article").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def recent_comments():
    """The latest public comments across the edition for the "What you say" sidebar.

    One query when the cache is cold, none when warm; the cache is dropped whenever a
    comment becomes public (see forget_recent_comments).
    """
    edition = editions.current()
    key = RECENT_CACHE_KEY.format(edition=edition)
    recent = cache.get(key)
    if recent is None:
        recent = list(
            Comment.objects.public()
            .filter(article__language=edition)
            .select_related("article")
            # The sidebar shows the headline and links to the article: not its text.
            .defer(
                "article__body",
                "article__body_html",
                "article__search_document",
                "article__search_text",
            )
            .annotate(article_comment_count=approved_count(OuterRef("article")))
            .order_by("-submitted_at", "-pk")[: settings.COMMENTS_SIDEBAR_COUNT]
        )
        cache.set(key, recent, timeout=300)
    return recent


def forget_recent_comments() -> None:
    cache.delete_many([RECENT_CACHE_KEY.format(edition=code) for code in editions.codes()])


def most_commented(days=7, limit=5):
    """The edition's published articles with the most approved comments in the last
    `days` days."""
    since = timezone.now() - timedelta(days=days)
    # Joining only the week's approved comments (the index on status and time finds
    # them) instead of counting every comment of every article with a filter.
    return list(
        Article.objects.published()
        .in_edition()
        # One filter() call, so the conditions share one join of the comments.
        .filter(approved_condition("comments__"), comments__submitted_at__gte=since)
        .annotate(recent_comments=Count("comments"))
        .defer("body", "body_html", "search_document", "search_text")
        .order_by("-recent_comments", "-published_at")[:limit]
    )

"""What templates of other apps ask of comments: an article's block, the sidebar, counts."""

from django import template

from ..caching import thread_block
from ..forms import CommentForm
from ..models import Comment
from ..policy import comments_open
from ..threads import approved_counts, most_commented, own_pending, recent_comments

register = template.Library()


@register.inclusion_tag("comments/article_comments.html", takes_context=True)
def article_comments(context, article):
    """The comments block under an article: threads, the reader's pending ones, the form."""
    request = context["request"]
    user = request.user if request.user.is_authenticated else None
    is_open = comments_open(article)
    threads = thread_block(article, request.GET.get("cpage"), is_open=is_open)
    return {
        "request": request,
        "user": request.user,
        "article": article,
        "threads_html": threads["html"],
        "comment_count": threads["count"],
        "own_pending": own_pending(request, article),
        "is_open": is_open,
        "form": context.get("comment_form") or CommentForm(user=user, initial=_reply_to(request)),
        "error": context.get("comment_error", ""),
        "csrf_token": context.get("csrf_token"),
    }


def _reply_to(request) -> dict:
    reply_to = request.GET.get("reply_to", "")
    return {"parent": int(reply_to)} if reply_to.isascii() and reply_to.isdigit() else {}


@register.inclusion_tag("comments/recent_comments.html")
def what_you_say():
    return {"recent": recent_comments()}


@register.inclusion_tag("comments/most_commented.html")
def most_commented_articles():
    return {"articles": most_commented()}


@register.simple_tag
def comment_counts(articles):
    """{% comment_counts articles as counts %}: approved counts by article id, one query."""
    return approved_counts(articles)


@register.filter
def count_for(counts, article):
    return counts.get(article.pk, 0)


@register.inclusion_tag("comments/member_comments.html")
def member_comments(user):
    comments = (
        Comment.objects.filter(user=user).select_related("article").order_by("-submitted_at")[:50]
    )
    return {"comments": comments}

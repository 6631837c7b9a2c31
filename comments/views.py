"""Posting comments, their permalinks, and the moderators' queue."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from articles.views import detail_queryset, render_article

from .clients import address_hash
from .flood import Flood
from .forms import CommentForm
from .models import Comment
from .policy import comments_open
from .services import comment_create, comments_decide
from .threads import page_of, remember_posted


def _refuse(request, article, form, message, status):
    """The article page again, with the reader's text in the form and why it was refused."""
    return render_article(
        request,
        article,
        status=status,
        extra_context={"comment_form": form, "comment_error": message},
    )


@require_http_methods(["GET", "POST"])
def post_comment(request, pk):
    article = get_object_or_404(detail_queryset().published(), pk=pk)
    if request.method == "GET":
        # Links on a refused comment's page are relative to this address; send them on to
        # the article itself with what they asked for (a reply, a page of comments).
        query = request.GET.urlencode()
        return redirect(f"{article.get_absolute_url()}{'?' + query if query else ''}#comment-form")
    user = request.user if request.user.is_authenticated else None
    form = CommentForm(request.POST, user=user)
    if not comments_open(article):
        return _refuse(request, article, form, "Comments are closed on this article.", 403)
    if not form.is_valid():
        return _refuse(
            request, article, form, "Your comment was not posted: see the notes below.", 400
        )
    parent = None
    if form.cleaned_data.get("parent"):
        parent = (
            Comment.objects.approved()
            .filter(article=article, pk=form.cleaned_data["parent"])
            .first()
        )
        if parent is None:
            return _refuse(
                request, article, form, "The comment you replied to is no longer shown.", 400
            )
    flood = Flood(address_hash=address_hash(request), user_id=user.pk if user else None)
    if wait := flood.wait_message():
        return _refuse(request, article, form, wait, 429)
    comment = comment_create(
        article=article,
        body=form.cleaned_data["body"],
        user=user,
        author_name=form.cleaned_data.get("author_name", ""),
        author_email=form.cleaned_data.get("author_email", ""),
        parent=parent,
        address_hash=flood.address_hash,
        honeypot_filled=form.honeypot_filled,
    )
    flood.record()
    remember_posted(request, comment)
    # Spam is answered exactly as a pending comment, so a bot learns nothing.
    if comment.status in (Comment.Status.PENDING, Comment.Status.SPAM):
        messages.info(request, "Thanks: your comment is awaiting moderation.")
    else:
        messages.success(request, "Thanks: your comment is published.")
    return redirect(comment)


def permalink(request, pk):
    """A comment's lasting address: the page of its article that holds it, at its anchor."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    own = comment.pk in request.session.get("comments_posted", [])
    visible = comment.status == Comment.Status.APPROVED or (
        own and comment.status in (Comment.Status.PENDING, Comment.Status.SPAM)
    )
    if not visible or not comment.article.is_published():
        raise Http404("No such comment.")
    url = comment.article.get_absolute_url()
    if comment.status == Comment.Status.APPROVED:
        page = page_of(comment)
        if page > 1:
            url += f"?cpage={page}"
    return redirect(f"{url}#{comment.anchor}")


QUEUE_TABS = {
    "pending": ("Awaiting moderation", Comment.objects.pending),
    "spam": ("Spam", Comment.objects.spam),
    "rejected": ("Rejected", Comment.objects.rejected),
}
ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "reject": Comment.Status.REJECTED,
    "spam": Comment.Status.SPAM,
    "pending": Comment.Status.PENDING,
}


@never_cache
@permission_required("comments.moderate_comment", raise_exception=True)
def moderation_queue(request):
    """Pending (or spam, or rejected) comments, newest first, with the reasons they wait."""
    tab = request.GET.get("tab", "pending")
    if tab not in QUEUE_TABS:
        tab = "pending"
    reason = request.GET.get("reason", "")
    if request.method == "POST":
        return _decide(request, tab, reason)
    comments = QUEUE_TABS[tab][1]().select_related("article", "user", "decided_by")
    if reason in Comment.Reason.values:
        comments = comments.held_for(reason)
    comments = comments.order_by("-submitted_at", "-pk")
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/moderation_queue.html",
        {
            "page_obj": page,
            "tab": tab,
            "tabs": [(key, label) for key, (label, _) in QUEUE_TABS.items()],
            "reason": reason,
            "reasons": Comment.Reason.choices,
        },
    )


def _decide(request, tab, reason):
    """Apply one comment's button, or a bulk action to the ticked comments."""
    if (decision := request.POST.get("decide", "")) and not request.POST.get("bulk"):
        action, _, comment_id = decision.partition(":")
        ids = [comment_id]
    else:
        action = request.POST.get("bulk_action", "")
        ids = request.POST.getlist("ids")
    if action not in ACTIONS or not ids or not all(i.isascii() and i.isdigit() for i in ids):
        return HttpResponseBadRequest("Choose comments and an action.")
    changed = comments_decide(
        comments=Comment.objects.filter(pk__in=ids), status=ACTIONS[action], moderator=request.user
    )
    label = dict(Comment.Status.choices)[ACTIONS[action]].lower()
    messages.success(request, f"{changed} comment(s) marked {label}.")
    query = f"?tab={tab}" + (f"&reason={reason}" if reason else "")
    return redirect(reverse("comments:moderation") + query)

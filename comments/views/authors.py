"""What commenters do with their own comments: edit or delete them while they may, and
take everything they wrote with them (a member's export)."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..forms import CommentEditForm
from ..models import Comment
from ..readers import reader_for
from ..refusals import Banned, NotYours, TooLate
from ..services import changeable_comment, comment_edit, comment_withdraw


def own_comment_view(view):
    """A page about the reader's own comment `pk`, reached while they may change it: the
    view is called with the comment; 404 when it is not theirs, 403 when too late."""

    @never_cache
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def wrapped(request, pk):
        comment = get_object_or_404(Comment.objects.select_related("article", "user"), pk=pk)
        try:
            changeable_comment(comment, reader_for(request))
        except NotYours as refusal:
            raise Http404("No such comment of yours.") from refusal
        except TooLate as refusal:
            return render(
                request, "comments/link_problem.html", {"refusal": refusal}, status=refusal.status
            )
        return view(request, comment)

    return wrapped


def _after_own(comment) -> str:
    if comment.status == Comment.Status.APPROVED:
        return comment.get_absolute_url()
    return f"{comment.article.get_absolute_url()}#comments"


@own_comment_view
def edit_comment(request, comment):
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            comment = comment_edit(
                comment=comment, reader=reader_for(request), body=form.cleaned_data["body"]
            )
        except NotYours as gone:
            raise Http404("No such comment of yours.") from gone
        except (Banned, TooLate) as refused:
            # TooLate: the window closed between opening this page and sending it.
            refusal = refused
        else:
            if comment.status == Comment.Status.APPROVED:
                messages.success(request, gettext("Your comment was updated."))
            else:
                messages.info(
                    request, gettext("Your comment was updated and waits for a moderator again.")
                )
            return redirect(_after_own(comment))
    status = 200 if request.method == "GET" else (refusal.status if refusal else 400)
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "form": form, "refusal": refusal},
        status=status,
    )


@own_comment_view
def delete_comment(request, comment):
    if request.method == "POST":
        comment_withdraw(comment=comment, reader=reader_for(request))
        messages.success(request, gettext("Your comment was deleted."))
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    return render(request, "comments/delete.html", {"comment": comment})


@login_required
def export_comments(request):
    """Everything this member has written here, as JSON to keep."""
    comments = (
        Comment.objects.filter(user=request.user)
        .select_related("article")
        .prefetch_related("versions")
        .order_by("submitted_at", "pk")
    )
    data = {
        "member": request.user.username,
        "exported_at": timezone.now().isoformat(),
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.headline,
                "article_url": request.build_absolute_uri(comment.article.get_absolute_url()),
                "reply_to": comment.parent_id,
                "name": comment.author_name,
                "text": comment.body,
                "status": comment.status,
                "posted_at": comment.submitted_at.isoformat(),
                "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
                "earlier_versions": [
                    {"text": version.body, "written_at": version.written_at.isoformat()}
                    for version in comment.versions.all()
                ],
            }
            for comment in comments
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="comments-{request.user.username}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response

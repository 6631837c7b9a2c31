"""Readers reporting a comment that breaks the rules."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..forms import ReportForm
from ..models import Comment
from ..readers import reader_for
from ..refusals import AlreadyReported, NotYours, TooManyReports
from ..services import comment_report


@never_cache
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    comment = get_object_or_404(Comment.objects.public().select_related("article"), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_report(
                comment=comment,
                reader=reader_for(request),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except TooManyReports as refusal:
            response = render(
                request,
                "comments/report.html",
                {"comment": comment, "form": form, "refusal": refusal},
                status=refusal.status,
            )
            response["Retry-After"] = str(refusal.retry_after)
            return response
        except NotYours as hidden:
            # Hidden (or decided on) between opening the form and sending it.
            raise Http404("No such comment.") from hidden
        except AlreadyReported:
            messages.info(request, gettext("You have already reported this comment. Thank you."))
        else:
            messages.success(
                request, gettext("Thank you: our moderators will look at this comment.")
            )
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "comments/report.html", {"comment": comment, "form": form}, status=status
    )

"""The moderators' pages: the queue of held, reported and decided comments, the log of
every decision (and reversing one), and bans."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required

from ..forms import BanForm
from ..models import Ban, Comment, ModerationEvent, ModerationReason, Report
from ..readers import MODERATE_PERMISSION
from ..refusals import NotReversible
from ..services import ban_create, ban_lift, comments_decide, decision_reverse
from . import is_row_id

Status = Comment.Status

moderator_required = role_required(MODERATE_PERMISSION)

QUEUE_TABS = {
    "pending": (_("Awaiting moderation"), Comment.objects.pending),
    "reported": (pgettext_lazy("moderation tab", "Reported"), Comment.objects.reported),
    "unconfirmed": (_("Awaiting email confirmation"), Comment.objects.unconfirmed),
    "spam": (pgettext_lazy("comment status", "Spam"), Comment.objects.spam),
    "rejected": (pgettext_lazy("comment status", "Rejected"), Comment.objects.rejected),
}
ACTIONS = {
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "spam": Status.SPAM,
    "pending": Status.PENDING,
}
# What a moderator is told after a decision, by the status the comments were given.
DECIDED = {
    Status.APPROVED: ngettext_lazy(
        # Translators: English says "comment(s)" for any number (here and in the three
        # messages that follow); give each plural form of your language its own words.
        "%(count)s comment(s) marked approved.",
        "%(count)s comment(s) marked approved.",
        "count",
    ),
    Status.REJECTED: ngettext_lazy(
        "%(count)s comment(s) marked rejected.", "%(count)s comment(s) marked rejected.", "count"
    ),
    Status.SPAM: ngettext_lazy(
        "%(count)s comment(s) marked spam.", "%(count)s comment(s) marked spam.", "count"
    ),
    Status.PENDING: ngettext_lazy(
        "%(count)s comment(s) marked awaiting moderation.",
        "%(count)s comment(s) marked awaiting moderation.",
        "count",
    ),
}
# What a moderator is told after reversing a decision, by the status the comment is back to.
REVERSED = {
    Status.PENDING: _("Reversed: the comment is awaiting moderation again."),
    Status.APPROVED: _("Reversed: the comment is approved again."),
    Status.REJECTED: _("Reversed: the comment is rejected again."),
    Status.SPAM: _("Reversed: the comment is spam again."),
    Status.UNCONFIRMED: _("Reversed: the comment is awaiting email confirmation again."),
    Status.WITHDRAWN: _("Reversed: the comment is deleted by its author again."),
}


def _history():
    return Prefetch(
        "events",
        queryset=ModerationEvent.objects.select_related("reason").order_by("at", "pk"),
    )


def _open_reports():
    return Prefetch(
        "reports",
        queryset=Report.objects.unresolved().order_by("reported_at"),
        to_attr="open_reports",
    )


@never_cache
@moderator_required
def moderation_queue(request):
    """Held comments (or reported, unconfirmed, spam, rejected), newest first, with why each
    waits, what readers reported and what moderators did to it before."""
    tab = request.GET.get("tab", "pending")
    if tab not in QUEUE_TABS:
        tab = "pending"
    reason = request.GET.get("reason", "")
    if request.method == "POST":
        return _decide(request, tab, reason)
    comments = (
        QUEUE_TABS[tab][1]()
        .select_related("article", "user", "decided_by")
        .prefetch_related(_history(), _open_reports(), "versions")
    )
    if reason in Comment.Reason.values:
        comments = comments.held_for(reason)
    comments = comments.order_by("-submitted_at", "-pk")
    page = Paginator(comments, 50).get_page(request.GET.get("page"))
    for comment in page:
        # Only a comment's latest decision can be reversed.
        decisions = [e for e in comment.events.all() if e.is_reversible]
        latest = decisions[-1] if decisions else None
        comment.reversible = latest if latest and not _is_settled(latest, comment) else None
    return render(
        request,
        "comments/moderation_queue.html",
        {
            "page_obj": page,
            "tab": tab,
            "tabs": [(key, label) for key, (label, _) in QUEUE_TABS.items()],
            "reason": reason,
            "reasons": Comment.Reason.choices,
            "moderation_reasons": ModerationReason.objects.filter(active=True),
        },
    )


def _is_settled(event, comment) -> bool:
    """Whether `event` was reversed already, or the comment has moved on since."""
    return any(e.reverses_id == event.pk for e in comment.events.all()) or (
        comment.status != event.status_after
    )


def _decide(request, tab, reason):
    """Apply one comment's button, or a bulk action to the ticked comments."""
    if (decision := request.POST.get("decide", "")) and not request.POST.get("bulk"):
        action, _, comment_id = decision.partition(":")
        ids = [comment_id]
        reason_id = request.POST.get(f"reason_{comment_id}", "")
    else:
        action = request.POST.get("bulk_action", "")
        ids = request.POST.getlist("ids")
        reason_id = request.POST.get("bulk_reason", "")
    if action not in ACTIONS or not ids or not all(is_row_id(i) for i in ids):
        return HttpResponseBadRequest(gettext("Choose comments and an action."))
    given = None
    if reason_id:
        if not is_row_id(reason_id):
            return HttpResponseBadRequest(gettext("Choose a reason from the list."))
        given = ModerationReason.objects.filter(pk=reason_id).first()
    changed = comments_decide(
        comments=Comment.objects.filter(pk__in=ids),
        status=ACTIONS[action],
        moderator=request.user,
        reason=given,
    )
    messages.success(request, DECIDED[ACTIONS[action]] % {"count": changed})
    # Back to the same queue and filter: only a known reason goes into the address.
    query = {"tab": tab, **({"reason": reason} if reason in Comment.Reason.values else {})}
    return redirect(f"{reverse('comments:moderation')}?{urlencode(query)}")


def _back(request, default: str) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


@role_required(MODERATE_PERMISSION, return_to="comments:moderation_log")
@require_POST
def reverse_decision(request, pk):
    event = get_object_or_404(ModerationEvent, pk=pk)
    try:
        decision_reverse(event=event, moderator=request.user)
    except NotReversible as refusal:
        messages.error(request, render_to_string("comments/refusal.html", {"refusal": refusal}))
    else:
        messages.success(request, str(REVERSED[Status(event.status_before)]))
    return redirect(_back(request, reverse("comments:moderation_log")))


@never_cache
@moderator_required
def moderation_log(request):
    """The append-only log of every moderation action, newest first."""
    events = ModerationEvent.objects.select_related("comment__article", "ban", "reason").order_by(
        "-at", "-pk"
    )
    comment_id = request.GET.get("comment", "")
    if is_row_id(comment_id):
        events = events.filter(comment_id=comment_id)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    reversed_ids = set(
        ModerationEvent.objects.filter(reverses__in=list(page.object_list)).values_list(
            "reverses_id", flat=True
        )
    )
    return render(
        request,
        "comments/moderation_log.html",
        {"page_obj": page, "reversed_ids": reversed_ids, "comment_id": comment_id},
    )


@never_cache
@moderator_required
@require_http_methods(["GET", "POST"])
def bans(request):
    """Bans in force and past ones; a new ban, from a comment in the queue or by hand."""
    comment = None
    comment_id = request.GET.get("comment") or request.POST.get("comment") or ""
    if comment_id:
        if not is_row_id(comment_id):
            raise Http404("No such comment.")
        comment = get_object_or_404(
            Comment.objects.select_related("user", "article"), pk=comment_id
        )
    form = BanForm(request.POST or None, comment=comment)
    if request.method == "POST" and form.is_valid():
        ban = ban_create(
            kind=form.cleaned_data["kind"],
            moderator=request.user,
            user=form.target_user,
            email=form.target_email,
            address_hash=form.target_address_hash,
            period=Ban.Period(form.cleaned_data["period"]).duration,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            comment=comment,
        )
        messages.success(
            request,
            gettext("Banned %(target)s %(period)s.")
            % {"target": ban.target_display, "period": ban.period_display()},
        )
        return redirect("comments:bans")
    in_force = Ban.objects.in_force().select_related("user", "reason", "created_by")
    past = Ban.objects.exclude(pk__in=in_force.values("pk")).select_related(
        "user", "reason", "created_by", "lifted_by"
    )[:50]
    return render(
        request,
        "comments/bans.html",
        {"form": form, "comment": comment, "in_force": in_force, "past": past},
        status=400 if request.method == "POST" else 200,
    )


@role_required(MODERATE_PERMISSION, return_to="comments:bans")
@require_POST
def lift_ban(request, pk):
    ban = get_object_or_404(Ban, pk=pk)
    ban_lift(ban=ban, moderator=request.user)
    messages.success(
        request, gettext("The ban on %(target)s is lifted.") % {"target": ban.target_display}
    )
    return redirect("comments:bans")

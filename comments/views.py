"""Posting comments and what their authors do with them (confirm, edit, delete, follow),
readers' reports, permalinks, and the moderators' queue, log and bans."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import role_required
from accounts.throttle import count_in_window, seconds_left
from articles.models import Article
from articles.views import detail_queryset, get_article, render_article

from .clients import address_hash, address_hashes
from .flood import Flood
from .forms import BanForm, CommentEditForm, CommentForm, ReportForm
from .guests import (
    Mail,
    confirmed_guest,
    is_confirmed_in,
    read_confirmation_token,
    read_status_token,
    remember_confirmed,
    send_confirmation,
    status_url,
)
from .models import Ban, Comment, ModerationEvent, ModerationReason, Report
from .outcomes import tell_outcome
from .policy import comments_open
from .services import (
    BAN_PERIODS,
    AlreadyReported,
    CommentRefused,
    DuplicatePost,
    NotReversible,
    ban_create,
    ban_lift,
    comment_confirm,
    comment_create,
    comment_edit,
    comment_report,
    comment_withdraw,
    commenter_standing,
    comments_decide,
    decision_reverse,
)
from .threads import page_of, posted_ids, remember_posted

Status = Comment.Status


def _is_id(value: str) -> bool:
    """Whether `value` can be a row id: digits only, and few enough for any database."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def _refuse(request, article, form, message, status):
    """The article page again, with the reader's text in the form and why it was refused."""
    return render_article(
        request,
        get_article(detail_queryset(), pk=article.pk),
        status=status,
        extra_context={"comment_form": form, "comment_error": message},
    )


def _thanks(request, comment, *, guest_unconfirmed: bool, mail: Mail) -> None:
    """Tell the reader what became of their comment, at the comment (see outcomes.py)."""
    follow = format_html(' <a href="{}">Follow your comment’s status</a>.', status_url(comment))
    if guest_unconfirmed:
        if mail == Mail.SENT:
            text = format_html(
                "Thanks. One more step: we have emailed a link to {}. Follow it within a "
                "day to confirm your address, and your comment goes on to our moderators.",
                comment.author_email,
            )
        elif mail == Mail.LIMIT_REACHED:
            text = format_html(
                "Thanks. We have already emailed {} a confirmation link today: follow it "
                "to confirm your address, then your comments go on to our moderators.",
                comment.author_email,
            )
        else:
            text = format_html(
                "Thanks: your comment is saved, but we could not email {} the link that "
                "confirms your address just now. Please post again later to get one.",
                comment.author_email,
            )
        tell_outcome(request, comment, text + follow)
    elif comment.status in (Status.PENDING, Status.SPAM):
        tell_outcome(
            request, comment, format_html("Thanks: your comment is awaiting moderation.{}", follow)
        )
    else:
        tell_outcome(
            request,
            comment,
            format_html("Thanks: your comment is published.{}", follow),
            messages.SUCCESS,
        )


@require_http_methods(["GET", "POST"])
def post_comment(request, pk):
    # Only what deciding needs: a refused comment's page fetches the rest (_refuse).
    article = get_object_or_404(
        Article.objects.published().defer("body", "body_html", "search_document"), pk=pk
    )
    if request.method == "GET":
        # Links on a refused comment's page are relative to this address; send them on to
        # the article itself with what they asked for (a reply, a page of comments).
        kept = {
            name: request.GET[name]
            for name in ("cpage", "reply_to")
            if _is_id(request.GET.get(name, ""))
        }
        query = f"?{urlencode(kept)}" if kept else ""
        return redirect(f"{article.get_absolute_url()}{query}#comment-form")
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
    token = form.form_token
    hashes = address_hashes(request)
    email = form.cleaned_data.get("author_email", "")
    # A banned commenter is told so, not merely asked to wait (the service checks again).
    try:
        found = commenter_standing(user=user, email=email, address_hashes=hashes)
    except CommentRefused as refusal:
        return _refuse(request, article, form, refusal.message, 403)
    flood = Flood(address_hash=hashes[0], user_id=user.pk if user else None)
    if wait := flood.wait_message():
        # A form sent again (a double click, a retry) is no new comment to wait for; any
        # other repeat is found by the database's unique token when it is saved.
        if first := Comment.objects.filter(form_token=token).first():
            return _sent_already(request, first)
        response = _refuse(request, article, form, wait, 429)
        response["Retry-After"] = str(flood.retry_after())
        return response
    confirmed = user is not None or is_confirmed_in(request, email)
    try:
        comment = comment_create(
            article=article,
            body=form.cleaned_data["body"],
            user=user,
            author_name=form.cleaned_data.get("author_name", ""),
            author_email=email,
            parent=parent,
            address_hashes=hashes,
            guest_confirmed=confirmed,
            honeypot_filled=form.honeypot_filled,
            form_token=token,
            standing=found,
        )
    except CommentRefused as refusal:
        return _refuse(request, article, form, refusal.message, 403)
    except DuplicatePost as duplicate:
        return _sent_already(request, duplicate.comment)
    flood.record()
    # Spam is answered exactly as the comment would have been, so a bot learns nothing.
    mail = Mail.SENT
    if comment.status == Status.UNCONFIRMED:
        mail = send_confirmation(request, comment)
    _thanks(
        request,
        comment,
        guest_unconfirmed=user is None and not confirmed and settings.COMMENTS_CONFIRM_EMAILS,
        mail=mail,
    )
    response = redirect(comment)
    remember_posted(request, response, comment)
    known = confirmed_guest(request) if user is None and confirmed else None
    if known is not None and known.name != comment.author_name:
        # The form is filled in with the name last used with the confirmed address.
        remember_confirmed(response, known.email, name=comment.author_name)
    return response


def _sent_already(request, comment):
    """The same form came again: nothing new is saved, and the reader is shown the first.

    The form's token was handed to one browser only, so whoever sends it again wrote the
    comment, even if the first answer (and its cookie) never reached them.
    """
    tell_outcome(request, comment, "Your comment was already sent; it is saved once.")
    response = redirect(comment)
    remember_posted(request, response, comment)
    return response


def permalink(request, pk):
    """A comment's lasting address: the page of its article that holds it, at its anchor."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if comment.user_id is not None:
        own = request.user.is_authenticated and comment.user_id == request.user.pk
    else:
        own = comment.pk in posted_ids(request)
    visible = comment.status == Status.APPROVED or (
        own and comment.status in (Status.PENDING, Status.SPAM, Status.UNCONFIRMED)
    )
    if not visible or not comment.article.is_published():
        raise Http404("No such comment.")
    url = comment.article.get_absolute_url()
    if comment.status == Status.APPROVED:
        page = page_of(comment)
        if page > 1:
            url += f"?cpage={page}"
    return redirect(f"{url}#{comment.anchor}")


# --- Guests' links ------------------------------------------------------------------------


def _link_problem(request, title, text, status):
    return render(
        request, "comments/link_problem.html", {"title": title, "text": text}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """The link in the confirmation mail: GET asks (mail scanners fetch links), POST confirms."""
    try:
        comment_id, email = read_confirmation_token(token)
    except signing.SignatureExpired:
        return _link_problem(
            request,
            "This link has expired",
            "Confirmation links work for a day. Post your comment again and we will send "
            "you a new one.",
            410,
        )
    except signing.BadSignature:
        return _link_problem(
            request,
            "This link does not work",
            "The address may have been cut short or changed. Copy the whole link from the "
            "email into your browser.",
            400,
        )
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.author_email.lower() != email:
        return _link_problem(
            request,
            "This comment is gone",
            "It was deleted before its address was confirmed.",
            410,
        )
    if comment.status != Status.UNCONFIRMED:
        return _link_problem(
            request,
            "This link was used already",
            format_html(
                'Your address was confirmed. <a href="{}">See your comment’s status</a>.',
                status_url(comment),
            ),
            410,
        )
    if request.method == "GET":
        return render(request, "comments/confirm.html", {"comment": comment, "email": email})
    try:
        comment = comment_confirm(comment=comment)
        # Comments sent from this same browser with this address were waiting for the
        # same proof; comments typed elsewhere with it wait for their own link.
        for other in Comment.objects.unconfirmed().filter(
            pk__in=posted_ids(request), author_email__iexact=email
        ):
            comment_confirm(comment=other)
    except CommentRefused as refusal:
        return _link_problem(request, "You cannot comment", refusal.message, 403)
    if comment.status == Status.APPROVED:
        messages.success(
            request, "Thank you: your address is confirmed and your comment is published."
        )
    else:
        messages.success(
            request,
            "Thank you: your address is confirmed. Your comment now waits for a moderator; "
            "this browser will not need to confirm it again.",
        )
    response = redirect(status_url(comment))
    remember_confirmed(response, email, name=comment.author_name)
    return response


STATUS_TEXT = {
    Status.UNCONFIRMED: (
        "Waiting for you to confirm your email address: follow the link we emailed you."
    ),
    Status.PENDING: "Waiting for a moderator. Most comments are looked at within a day.",
    Status.APPROVED: "Published.",
    Status.REJECTED: "Not published: a moderator rejected it.",
    Status.WITHDRAWN: "You deleted it.",
}


@never_cache
def comment_status(request, token):
    """A private page, reached by a signed link, where a commenter follows their comment."""
    try:
        comment_id = read_status_token(token)
    except signing.BadSignature:
        return _link_problem(
            request,
            "This link does not work",
            "The address may have been cut short or changed. Copy the whole link again.",
            400,
        )
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
    decision = None
    if comment.status in (Status.REJECTED, Status.SPAM):
        decision = (
            comment.events.filter(status_after=comment.status)
            .select_related("reason")
            .order_by("-at", "-pk")
            .first()
        )
    response = render(
        request,
        "comments/status.html",
        {
            "comment": comment,
            "status": comment.apparent_status,
            "status_text": STATUS_TEXT[comment.apparent_status],
            "decision": decision,
            "is_public": comment.status == Status.APPROVED and comment.article.is_published(),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Authors' own comments -------------------------------------------------------------------


def _own_comment(request, pk) -> Comment:
    """The comment `pk` if this reader wrote it (their account, or this browser), else 404."""
    comment = get_object_or_404(Comment.objects.select_related("article", "user"), pk=pk)
    if comment.user_id is not None:
        own = request.user.is_authenticated and comment.user_id == request.user.pk
    else:
        own = comment.pk in posted_ids(request)
    if not own or comment.status in (Status.WITHDRAWN, Status.SPAM, Status.REJECTED):
        raise Http404("No such comment of yours.")
    return comment


def _after_own(comment) -> str:
    if comment.status == Status.APPROVED:
        return comment.get_absolute_url()
    return f"{comment.article.get_absolute_url()}#comments"


def _too_late(request, comment):
    return render(
        request,
        "comments/link_problem.html",
        {
            "title": "Too late to change this comment",
            "text": "A comment can be edited or deleted for ten minutes after it is "
            "published. Ask a moderator if something in it must go.",
        },
        status=403,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    comment = _own_comment(request, pk)
    if not comment.is_editable():
        return _too_late(request, comment)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    error = ""
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            comment = comment_edit(
                comment=comment,
                body=form.cleaned_data["body"],
                user=user,
                address_hashes=address_hashes(request),
            )
        except CommentRefused as refusal:
            error = refusal.message
        else:
            if comment.status == Status.APPROVED:
                messages.success(request, "Your comment was updated.")
            else:
                messages.info(request, "Your comment was updated and waits for a moderator again.")
            return redirect(_after_own(comment))
    status = 200 if request.method == "GET" else (403 if error else 400)
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "form": form, "error": error},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def delete_comment(request, pk):
    comment = _own_comment(request, pk)
    if not comment.is_editable():
        return _too_late(request, comment)
    if request.method == "POST":
        comment_withdraw(
            comment=comment, user=request.user if request.user.is_authenticated else None
        )
        messages.success(request, "Your comment was deleted.")
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


# --- Readers' reports --------------------------------------------------------------------------


def _reporter(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{address_hash(request)}"


@never_cache
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    comment = get_object_or_404(Comment.objects.public().select_related("article"), pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reporter = _reporter(request)
        key = f"comments:reports:{reporter}"
        if (cache.get(key) or 0) >= settings.COMMENTS_REPORTS_PER_HOUR:
            response = render(
                request,
                "comments/report.html",
                {
                    "comment": comment,
                    "form": form,
                    "error": "You have sent many reports in the last hour. Please wait a while.",
                },
                status=429,
            )
            response["Retry-After"] = str(seconds_left(key, window=60 * 60))
            return response
        try:
            comment_report(
                comment=comment,
                reporter=reporter,
                user=request.user if request.user.is_authenticated else None,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except AlreadyReported:
            messages.info(request, "You have already reported this comment. Thank you.")
        else:
            count_in_window(key, seconds=60 * 60)
            messages.success(request, "Thank you: our moderators will look at this comment.")
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "comments/report.html", {"comment": comment, "form": form}, status=status
    )


# --- Moderators ----------------------------------------------------------------------------

moderator_required = role_required("comments.moderate_comment")

QUEUE_TABS = {
    "pending": ("Awaiting moderation", Comment.objects.pending),
    "reported": ("Reported", Comment.objects.reported),
    "unconfirmed": ("Awaiting email confirmation", Comment.objects.unconfirmed),
    "spam": ("Spam", Comment.objects.spam),
    "rejected": ("Rejected", Comment.objects.rejected),
}
ACTIONS = {
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "spam": Status.SPAM,
    "pending": Status.PENDING,
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
    if action not in ACTIONS or not ids or not all(_is_id(i) for i in ids):
        return HttpResponseBadRequest("Choose comments and an action.")
    given = None
    if reason_id:
        if not _is_id(reason_id):
            return HttpResponseBadRequest("Choose a reason from the list.")
        given = ModerationReason.objects.filter(pk=reason_id).first()
    changed = comments_decide(
        comments=Comment.objects.filter(pk__in=ids),
        status=ACTIONS[action],
        moderator=request.user,
        reason=given,
    )
    label = dict(Status.choices)[ACTIONS[action]].lower()
    messages.success(request, f"{changed} comment(s) marked {label}.")
    # Back to the same queue and filter: only a known reason goes into the address.
    query = {"tab": tab, **({"reason": reason} if reason in Comment.Reason.values else {})}
    return redirect(f"{reverse('comments:moderation')}?{urlencode(query)}")


def _back(request, default: str) -> str:
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


@role_required("comments.moderate_comment", return_to="comments:moderation_log")
@require_POST
def reverse_decision(request, pk):
    event = get_object_or_404(ModerationEvent, pk=pk)
    try:
        decision_reverse(event=event, moderator=request.user)
    except NotReversible as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"Reversed: the comment is {dict(Status.choices)[event.status_before].lower()} again.",
        )
    return redirect(_back(request, reverse("comments:moderation_log")))


@never_cache
@moderator_required
def moderation_log(request):
    """The append-only log of every moderation action, newest first."""
    events = ModerationEvent.objects.select_related("comment__article", "ban", "reason").order_by(
        "-at", "-pk"
    )
    comment_id = request.GET.get("comment", "")
    if _is_id(comment_id):
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
        if not _is_id(comment_id):
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
            period=BAN_PERIODS[form.cleaned_data["period"]],
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            comment=comment,
        )
        messages.success(request, f"Banned {ban.target_display} {ban.period_display()}.")
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


@role_required("comments.moderate_comment", return_to="comments:bans")
@require_POST
def lift_ban(request, pk):
    ban = get_object_or_404(Ban, pk=pk)
    ban_lift(ban=ban, moderator=request.user)
    messages.success(request, f"The ban on {ban.target_display} is lifted.")
    return redirect("comments:bans")

"""Readers posting comments, a comment's lasting address, and the signed links guests are
mailed or handed: confirming their address, following a comment's status."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from articles import editions
from articles.models import Article
from articles.views import article_page

from ..forms import CommentForm
from ..guests import (
    Mail,
    read_confirmation_token,
    read_status_token,
    remember_confirmed,
    send_confirmation,
    status_url,
)
from ..models import Comment
from ..outcomes import tell_outcome
from ..readers import reader_for
from ..refusals import Banned, DuplicatePost, FormInvalid, Refusal, TooFast
from ..services import comment_confirm, comment_create, require_open
from ..threads import page_of, remember_posted
from . import is_row_id

Status = Comment.Status


def _refuse(request, article, form, refusal: Refusal):
    """The article page again, with the reader's text in the form and why it was refused."""
    response = article_page(
        request,
        article.pk,
        status=refusal.status,
        extra_context={"comment_form": form, "comment_refusal": refusal},
    )
    if isinstance(refusal, TooFast):
        response["Retry-After"] = str(refusal.retry_after)
    return response


def _thanks(request, comment, *, mail: Mail) -> None:
    """Tell the reader what became of their comment, at the comment (see outcomes.py).

    Spam is answered exactly as the comment would have been, so a bot learns nothing.
    """
    status = comment.apparent_status
    text = render_to_string(
        "comments/messages/thanks.html",
        {
            "comment": comment,
            "status": status,
            "mail": mail.name,
            "status_url": status_url(comment),
        },
    )
    level = messages.SUCCESS if status == Status.APPROVED else messages.INFO
    # The template escaped what the reader typed; strip() only drops its last line break.
    tell_outcome(request, comment, mark_safe(text.strip()), level)  # noqa: S308  # nosec B308, B703


def _save_with_mail(request, *, article, reader, form) -> tuple[Comment, Mail]:
    """comment_create(), with the mail that confirms a guest's address queued in the
    transaction that saves the comment: a committed comment always has its mail queued,
    one that fails sends none."""
    mail = Mail.QUEUED

    def queue_confirmation(comment):
        nonlocal mail
        if comment.status == Status.UNCONFIRMED:
            mail = send_confirmation(request, comment)

    comment = comment_create(
        article=article,
        reader=reader,
        body=form.cleaned_data["body"],
        author_name=form.cleaned_data.get("author_name", ""),
        author_email=form.cleaned_data.get("author_email", ""),
        parent_id=form.cleaned_data.get("parent"),
        honeypot_filled=form.honeypot_filled,
        form_token=form.form_token,
        on_saved=queue_confirmation,
    )
    return comment, mail


@require_http_methods(["GET", "POST"])
def post_comment(request, pk):
    # Only what deciding needs: a refused comment's page fetches the rest (_refuse).
    article = get_object_or_404(
        Article.objects.published().defer("body", "body_html", "search_document", "search_text"),
        pk=pk,
    )
    if article.language != editions.current():
        # Its page, and any answer to the post, is in its own edition's words.
        raise Http404("The article is in another edition.")
    if request.method == "GET":
        # Links on a refused comment's page are relative to this address; send them on to
        # the article itself with what they asked for (a reply, a page of comments).
        kept = {
            name: request.GET[name]
            for name in ("cpage", "reply_to")
            if is_row_id(request.GET.get(name, ""))
        }
        query = f"?{urlencode(kept)}" if kept else ""
        return redirect(f"{article.get_absolute_url()}{query}#comment-form")
    reader = reader_for(request)
    form = CommentForm(request.POST, user=reader.user)
    try:
        # A closed article refuses its form before the form is read.
        require_open(article)
        if not form.is_valid():
            raise FormInvalid()
        comment, mail = _save_with_mail(request, article=article, reader=reader, form=form)
    except DuplicatePost as duplicate:
        return _sent_already(request, duplicate.comment)
    except Refusal as refusal:
        return _refuse(request, article, form, refusal)
    _thanks(request, comment, mail=mail)
    response = redirect(comment)
    remember_posted(request, response, comment)
    confirmed_guest = comment.user_id is None and reader.has_confirmed(comment.author_email)
    if confirmed_guest and reader.confirmed_name != comment.author_name:
        # The form is filled in with the name last used with the confirmed address.
        remember_confirmed(response, reader.confirmed_email, name=comment.author_name)
    return response


def _sent_already(request, comment):
    """The same form came again: nothing new is saved, and the reader is shown the first.

    The form's token was handed to one browser only, so whoever sends it again wrote the
    comment, even if the first answer (and its cookie) never reached them.
    """
    tell_outcome(request, comment, gettext("Your comment was already sent; it is saved once."))
    response = redirect(comment)
    remember_posted(request, response, comment)
    return response


def permalink(request, pk):
    """A comment's lasting address: the page of its article that holds it, at its anchor."""
    comment = get_object_or_404(Comment.objects.select_related("article", "parent"), pk=pk)
    if not comment.is_visible_to(reader_for(request)):
        raise Http404("No such comment.")
    url = comment.article.get_absolute_url()
    if comment.status == Status.APPROVED:
        page = page_of(comment)
        if page > 1:
            url += f"?cpage={page}"
    return redirect(f"{url}#{comment.anchor}")


# --- Guests' links ------------------------------------------------------------------------


def _link_problem(request, problem: str, status: int, **context):
    """The page a guest's link leads to when it cannot do its work; its words are those
    of `problem` in the template."""
    return render(
        request,
        "comments/link_problem.html",
        {"problem": problem, **context},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """The link in the confirmation mail: GET asks (mail scanners fetch links), POST confirms."""
    try:
        comment_id, email = read_confirmation_token(token)
    except signing.SignatureExpired:
        return _link_problem(request, "confirm-expired", 410)
    except signing.BadSignature:
        return _link_problem(request, "confirm-broken", 400)
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or comment.author_email.lower() != email:
        return _link_problem(request, "confirm-gone", 410)
    if comment.status != Status.UNCONFIRMED:
        return _link_problem(request, "confirm-used", 410, status_url=status_url(comment))
    if request.method == "GET":
        return render(request, "comments/confirm.html", {"comment": comment, "email": email})
    try:
        comment = comment_confirm(comment=comment, reader=reader_for(request))
    except Banned as refusal:
        return _link_problem(request, "refused", refusal.status, refusal=refusal)
    if comment.status == Status.APPROVED:
        messages.success(
            request, gettext("Thank you: your address is confirmed and your comment is published.")
        )
    else:
        messages.success(
            request,
            gettext(
                "Thank you: your address is confirmed. Your comment now waits for a moderator; "
                "this browser will not need to confirm it again."
            ),
        )
    response = redirect(status_url(comment))
    remember_confirmed(response, email, name=comment.author_name)
    return response


@never_cache
def comment_status(request, token):
    """A private page, reached by a signed link, where a commenter follows their comment."""
    try:
        comment_id = read_status_token(token)
    except signing.BadSignature:
        return _link_problem(request, "status-broken", 400)
    comment = get_object_or_404(Comment.objects.select_related("article", "parent"), pk=comment_id)
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
        {"comment": comment, "status": comment.apparent_status, "decision": decision},
    )
    response["X-Robots-Tag"] = "noindex"
    return response

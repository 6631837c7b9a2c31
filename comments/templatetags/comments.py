"""What templates of other apps ask of comments: an article's block, the sidebar, counts."""

from datetime import timedelta

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, pgettext_lazy

from articles import figures

from ..caching import thread_block
from ..forms import CommentForm
from ..models import Comment
from ..outcomes import comment_outcomes, place_in_thread
from ..outcomes import without_comment_outcomes as _without_comment_outcomes
from ..policy import comments_open
from ..readers import reader_for
from ..text import excerpt as make_excerpt
from ..threads import most_commented, own_comments, recent_comments

register = template.Library()


@register.inclusion_tag("comments/article_comments.html", takes_context=True)
def article_comments(context, article):
    """The comments block under an article: threads, the reader's pending ones, the form.

    What became of a comment the reader just sent is shown inside that comment, where
    its link lands, or above the comments when it is not on this page. A guest whose
    browser confirmed an address finds the form filled in with it (such a reader's pages
    are never the shared cached ones: see PAGE_CACHE_PRIVATE_COOKIES).
    """
    request = context["request"]
    reader = reader_for(request)
    is_open = comments_open(article)
    threads = thread_block(article, request.GET.get("cpage"), is_open=is_open)
    threads_html = threads["html"]
    own_pending, own_editable = own_comments(reader, article)
    outcomes = comment_outcomes(request)
    for comment in own_pending:
        comment.outcome = outcomes.pop(comment.pk, None)
    for comment_id, message in list(outcomes.items()):
        outcome_html = render_to_string("comments/outcome.html", {"message": message})
        placed = place_in_thread(threads_html, comment_id, outcome_html)
        if placed is not None:
            threads_html = placed
            del outcomes[comment_id]
    form = context.get("comment_form")
    if form is None:
        initial = _reply_to(request) | _guest_details(reader)
        form = CommentForm(user=reader.user, initial=initial)
    return {
        "request": request,
        "user": request.user,
        "article": article,
        "threads_html": threads_html,
        "comment_count": threads["count"],
        "own_pending": own_pending,
        "own_editable": own_editable,
        "outcomes": list(outcomes.values()),
        "is_open": is_open,
        "form": form,
        "refusal": context.get("comment_refusal"),
        "csrf_token": context.get("csrf_token"),
    }


def _guest_details(reader) -> dict:
    """The name and email a guest's form is filled in with: those their browser confirmed
    (a page holding them is this reader's alone: see PAGE_CACHE_PRIVATE_COOKIES)."""
    if reader.is_member or not reader.confirmed_email:
        return {}
    details = {"author_email": reader.confirmed_email}
    if reader.confirmed_name:
        details["author_name"] = reader.confirmed_name
    return details


def _reply_to(request) -> dict:
    reply_to = request.GET.get("reply_to", "")
    return {"parent": int(reply_to)} if reply_to.isascii() and reply_to.isdigit() else {}


@register.filter
def without_comment_outcomes(messages):
    """{{ messages|without_comment_outcomes }}: the flashed messages a page shows on top;
    those about one comment are shown at the comment (see comments.outcomes)."""
    return _without_comment_outcomes(messages)


@register.inclusion_tag("comments/recent_comments.html")
def what_you_say():
    return {"recent": recent_comments()}


@register.inclusion_tag("comments/most_commented.html")
def most_commented_articles():
    return {"articles": most_commented()}


@register.filter
def comment_count(article) -> int:
    """{{ article|comment_count }}: its approved comments, as its card's query counted them
    (Article.objects.for_cards()); one query for an article fetched without that figure."""
    count = figures.of(article, "approved_comment_count")
    if count is None:
        count = Comment.objects.approved().filter(article=article).count()
    return count


@register.inclusion_tag("comments/member_comments.html")
def member_comments(user):
    comments = (
        Comment.objects.filter(user=user).select_related("article").order_by("-submitted_at")[:50]
    )
    return {"comments": comments}


@register.filter
def excerpt(body, limit=140):
    """{{ comment.body|excerpt }}: the start of the text, cut at a word, with "…"."""
    return make_excerpt(body, int(limit))


@register.filter
def time_ago(moment, now=None):
    """How long ago, as a news site says it: "5 minutes ago", "23 hours ago" within a day,
    then "yesterday at 03:30", then "3 Nov at 09:12" (with the year when not this one)."""
    if not moment:
        return ""
    now = now or timezone.now()
    age = now - moment
    if age < timedelta(minutes=1):
        return gettext("just now")
    if age < timedelta(hours=1):
        minutes = int(age.total_seconds() // 60)
        return ngettext("%(count)s minute ago", "%(count)s minutes ago", minutes) % {
            "count": minutes
        }
    if age < timedelta(days=1):
        hours = int(age.total_seconds() // 3600)
        return ngettext("%(count)s hour ago", "%(count)s hours ago", hours) % {"count": hours}
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    clock = date_format(local, "H:i")
    if local.date() == today - timedelta(days=1):
        return gettext("yesterday at %(time)s") % {"time": clock}
    day = date_format(local, "j M" if local.year == today.year else "j M Y")
    # Translators: a day ("3 Nov", or "3 Nov 2024") and a time of day ("09:12").
    return gettext("%(day)s at %(time)s") % {"day": day, "time": clock}


# Numbers in words, as they read inside a sentence ("for ten minutes").
NUMBER_WORDS = (
    pgettext_lazy("a number in words", "zero"),
    pgettext_lazy("a number in words", "one"),
    pgettext_lazy("a number in words", "two"),
    pgettext_lazy("a number in words", "three"),
    pgettext_lazy("a number in words", "four"),
    pgettext_lazy("a number in words", "five"),
    pgettext_lazy("a number in words", "six"),
    pgettext_lazy("a number in words", "seven"),
    pgettext_lazy("a number in words", "eight"),
    pgettext_lazy("a number in words", "nine"),
    pgettext_lazy("a number in words", "ten"),
    pgettext_lazy("a number in words", "eleven"),
    pgettext_lazy("a number in words", "twelve"),
)


@register.filter
def in_words(number):
    """{{ 10|in_words }}: "ten". Numbers up to twelve in words, as the site writes them in
    sentences; larger ones as figures."""
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)

"""Guests' identity: a confirmed email address remembered by their browser, and the
signed links the site mails or hands them (confirm an address, see a comment's status).
"""

from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext

from mailing.services import compose, queue_mail
from throttling.windows import count_in_window

COOKIE_NAME = "newsroom_commenter"
COOKIE_SALT = "comments.confirmed-email"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
CONFIRM_SALT = "comments.confirm"
STATUS_SALT = "comments.status"
DAY = 24 * 60 * 60


class Mail(Enum):
    """What became of a confirmation mail."""

    QUEUED = "queued"
    LIMIT_REACHED = "limit reached"


@dataclass(frozen=True)
class ConfirmedGuest:
    """Who this browser proved to be: the email address it read the link at, and the
    name it last commented under with that address."""

    email: str
    name: str = ""


def confirmed_guest(request) -> ConfirmedGuest | None:
    """The guest this browser confirmed (a signed cookie), or None."""
    value = request.COOKIES.get(COOKIE_NAME, "")
    if not value:
        return None
    try:
        data = signing.loads(value, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        # A cookie set before names were kept holds the address alone, signed as a
        # plain cookie: it still vouches for the address.
        email = request.get_signed_cookie(
            COOKIE_NAME, default="", salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
        )
        return ConfirmedGuest(email=email) if email else None
    if not isinstance(data, dict) or not isinstance(data.get("email"), str) or not data["email"]:
        return None
    name = data.get("name")
    return ConfirmedGuest(email=data["email"], name=name if isinstance(name, str) else "")


def remember_confirmed(response, email: str, name: str = "") -> None:
    """Have the browser keep, signed, the address it confirmed and the name to go with it.

    Only the browser that shows it back is served it: readers carrying this cookie get
    pages of their own, never the shared cached ones (see CommentsConfig.ready).
    """
    response.set_cookie(
        COOKIE_NAME,
        # Signed JSON in URL-safe base64: any name, in any script, fits in a cookie.
        signing.dumps({"email": email.strip().lower(), "name": name.strip()}, salt=COOKIE_SALT),
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def confirmation_token(comment) -> str:
    return signing.dumps(
        {"comment": comment.pk, "email": comment.author_email.lower()}, salt=CONFIRM_SALT
    )


def read_confirmation_token(token: str) -> tuple[int, str]:
    """(comment id, email) from a confirmation link.

    Raises signing.SignatureExpired past COMMENTS_CONFIRM_MAX_AGE_SECONDS, and
    signing.BadSignature when the link was altered.
    """
    data = signing.loads(
        token, salt=CONFIRM_SALT, max_age=settings.COMMENTS_CONFIRM_MAX_AGE_SECONDS
    )
    if not isinstance(data, dict) or not isinstance(data.get("comment"), int):
        raise signing.BadSignature("Not a confirmation token.")
    return data["comment"], str(data.get("email", ""))


def status_token(comment) -> str:
    return signing.dumps(comment.pk, salt=STATUS_SALT)


def read_status_token(token: str) -> int:
    comment_id = signing.loads(token, salt=STATUS_SALT)
    if not isinstance(comment_id, int):
        raise signing.BadSignature("Not a status token.")
    return comment_id


def status_url(comment) -> str:
    return reverse("comments:status", kwargs={"token": status_token(comment)})


def send_confirmation(request, comment) -> Mail:
    """Queue the mail that sends the guest a link to confirm their address; say which.

    The mail holds nothing the sender typed (no comment, no name): whoever fills in a
    stranger's address cannot use it to write to them. At most
    COMMENTS_CONFIRM_MAILS_PER_DAY mails go to one address in a day. It is rendered here,
    where the request gives the links their host, and queued in the caller's transaction:
    saved with the comment, or not at all. A worker sends it after the response; a mail
    server that fails costs retries (mailing.tasks), never the comment.
    """
    key = f"comments:confirm-mails:{comment.author_email.lower()}"
    if (cache.get(key) or 0) >= settings.COMMENTS_CONFIRM_MAILS_PER_DAY:
        return Mail.LIMIT_REACHED
    message = compose(
        to=comment.author_email,
        subject=gettext("Confirm your email address to comment on %(site)s")
        % {"site": settings.SITE_NAME},
        template="comments/email/confirm",
        context={
            "site_name": settings.SITE_NAME,
            "article": comment.article,
            "confirm_url": request.build_absolute_uri(
                reverse("comments:confirm", kwargs={"token": confirmation_token(comment)})
            ),
            "status_url": request.build_absolute_uri(status_url(comment)),
            "hours": settings.COMMENTS_CONFIRM_MAX_AGE_SECONDS // 3600,
        },
    )
    queue_mail(message, key=f"comment-confirm:{comment.pk}")
    count_in_window(key, seconds=DAY)
    return Mail.QUEUED

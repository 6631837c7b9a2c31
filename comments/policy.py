"""The moderation policy: the one place that decides what a comment's status is, and who
may comment at all."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import Ban, BlockedWord, Comment
from .text import count_links

Status = Comment.Status
Reason = Comment.Reason
BLOCKLIST_CACHE_KEY = "comments:blocklist"
# Adding or removing a word drops the cached list at once (see apps.py); the timeout only
# bounds how long a change made without signals (a queryset update) takes to count.
BLOCKLIST_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Decision:
    status: str
    reasons: list[str] = field(default_factory=list)


def blocklisted_words(body: str, blocklist) -> list[str]:
    """The blocklist entries that appear in `body` as whole words, ignoring case."""
    text = body.lower()
    return [word for word in blocklist if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def blocked_words() -> list[str]:
    """The moderators' blocked words, from the shared cache: a query only when it is cold."""
    words = cache.get(BLOCKLIST_CACHE_KEY)
    if words is None:
        words = list(BlockedWord.objects.values_list("word", flat=True))
        cache.set(BLOCKLIST_CACHE_KEY, words, timeout=BLOCKLIST_CACHE_SECONDS)
    return words


def forget_blocked_words() -> None:
    cache.delete(BLOCKLIST_CACHE_KEY)


def guest_is_trusted(email: str) -> bool:
    """A guest whose confirmed address already has COMMENTS_TRUSTED_AFTER approved comments."""
    if not settings.COMMENTS_CONFIRM_EMAILS or not email:
        return False
    approved = Comment.objects.approved().by_guest_email(email)
    return approved.count() >= settings.COMMENTS_TRUSTED_AFTER


def moderate(
    *,
    body: str,
    user=None,
    guest_email: str = "",
    guest_confirmed: bool = True,
    address_banned: bool = False,
    honeypot_filled: bool = False,
    blocklist=None,
) -> Decision:
    """Decide a comment's status and why it is held, by the site's stated rules.

    - A filled honeypot field is spam, silently.
    - A guest must confirm their email address first (COMMENTS_CONFIRM_EMAILS): until
      then the comment is "unconfirmed", seen by nobody but its author.
    - A guest's comment waits for a moderator, unless their confirmed address already
      has COMMENTS_TRUSTED_AFTER approved comments.
    - A member whose earlier comment was approved goes straight through, unless
      COMMENTS_TRUST_MEMBERS is off; a member's first comment waits.
    - A member posting from a banned client address waits (guests from one are refused
      before this: see `blocking_ban`).
    - Whoever wrote it, more than COMMENTS_MAX_LINKS links or a blocklisted word waits.

    A comment edited by its author goes through the same rules again.
    """
    unconfirmed = user is None and settings.COMMENTS_CONFIRM_EMAILS and not guest_confirmed
    if honeypot_filled:
        # Noted as unconfirmed too, so its sender is shown what an honest guest would be.
        return Decision(
            Status.SPAM, [Reason.HONEYPOT, *([Reason.UNCONFIRMED] if unconfirmed else [])]
        )
    reasons = []
    if user is None:
        if unconfirmed:
            reasons.append(Reason.UNCONFIRMED)
        if unconfirmed or not guest_is_trusted(guest_email):
            reasons.append(Reason.GUEST)
    elif not settings.COMMENTS_TRUST_MEMBERS:
        reasons.append(Reason.MEMBER_TRUST_OFF)
    elif not Comment.objects.approved().filter(user=user).exists():
        reasons.append(Reason.FIRST_COMMENT)
    if address_banned:
        reasons.append(Reason.BANNED_ADDRESS)
    if count_links(body) > settings.COMMENTS_MAX_LINKS:
        reasons.append(Reason.LINKS)
    if blocklisted_words(body, blocked_words() if blocklist is None else blocklist):
        reasons.append(Reason.BLOCKLIST)
    if unconfirmed:
        return Decision(Status.UNCONFIRMED, [str(r) for r in reasons])
    return Decision(Status.PENDING if reasons else Status.APPROVED, [str(r) for r in reasons])


@dataclass(frozen=True)
class Standing:
    """What the bans in force say about one commenter."""

    blocking: Ban | None = None  # refuses whatever they send
    address_banned: bool = False  # holds a member's comments for a moderator
    # Address bans matched only under an old key, to be re-keyed to the current one.
    stale_address_bans: tuple = ()


def standing(*, user=None, email: str = "", address_hashes=()) -> Standing:
    """Check the bans in force on this account, this email address and this client address.

    Account and email bans refuse the commenter. An address ban refuses a guest, who is
    known by nothing else; a member is known by their account, and an address can be
    shared (a library, a campus), so their comments wait for a moderator instead.
    """
    hashes = [h for h in address_hashes if h]
    bans = list(
        Ban.objects.in_force()
        .matching(user=user, email="" if user else email, address_hashes=hashes)
        .select_related("reason")
    )
    blocking = [ban for ban in bans if ban.kind != Ban.Kind.ADDRESS or user is None]
    address_bans = [ban for ban in bans if ban.kind == Ban.Kind.ADDRESS]
    stale = tuple(ban for ban in address_bans if hashes and ban.address_hash != hashes[0])
    return Standing(
        blocking=blocking[0] if blocking else None,
        address_banned=bool(address_bans),
        stale_address_bans=stale,
    )


def comments_open(article) -> bool:
    """Whether readers may comment: editors left it on, and it is not too old."""
    if not (article.comments_enabled and article.is_published()):
        return False
    closes_at = article.published_at + timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)
    return timezone.now() < closes_at

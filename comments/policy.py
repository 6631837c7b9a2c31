"""The moderation policy: the one place that decides what a new comment's status is."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import BlockedWord, Comment
from .text import count_links

Status = Comment.Status
Reason = Comment.Reason


@dataclass(frozen=True)
class Decision:
    status: str
    reasons: list[str] = field(default_factory=list)


def blocklisted_words(body: str, blocklist) -> list[str]:
    """The blocklist entries that appear in `body` as whole words, ignoring case."""
    text = body.lower()
    return [word for word in blocklist if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def moderate(*, body: str, user=None, honeypot_filled: bool = False, blocklist=None) -> Decision:
    """Decide a new comment's status and why it is held, by the site's stated rules.

    - A filled honeypot field is spam, silently.
    - A guest's comment waits for a moderator.
    - A member whose earlier comment was approved goes straight through, unless
      COMMENTS_TRUST_MEMBERS is off; a member's first comment waits.
    - Whoever wrote it, more than COMMENTS_MAX_LINKS links or a blocklisted word waits.
    """
    if honeypot_filled:
        return Decision(Status.SPAM, [Reason.HONEYPOT])
    reasons = []
    if user is None:
        reasons.append(Reason.GUEST)
    elif not settings.COMMENTS_TRUST_MEMBERS:
        reasons.append(Reason.MEMBER_TRUST_OFF)
    elif not Comment.objects.approved().filter(user=user).exists():
        reasons.append(Reason.FIRST_COMMENT)
    if count_links(body) > settings.COMMENTS_MAX_LINKS:
        reasons.append(Reason.LINKS)
    if blocklist is None:
        blocklist = BlockedWord.objects.values_list("word", flat=True)
    if blocklisted_words(body, blocklist):
        reasons.append(Reason.BLOCKLIST)
    return Decision(Status.PENDING if reasons else Status.APPROVED, [str(r) for r in reasons])


def comments_open(article) -> bool:
    """Whether readers may comment: editors left it on, and it is not too old."""
    if not (article.comments_enabled and article.is_published()):
        return False
    closes_at = article.published_at + timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)
    return timezone.now() < closes_at

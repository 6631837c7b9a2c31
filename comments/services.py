"""Writes that span models: posting a comment and recording moderators' decisions."""

from django.utils import timezone

from .caching import comments_changed
from .models import Comment
from .policy import moderate


def comment_create(
    *,
    article,
    body: str,
    user=None,
    author_name: str = "",
    author_email: str = "",
    parent: Comment | None = None,
    address_hash: str = "",
    honeypot_filled: bool = False,
) -> Comment:
    """Save a reader's comment with the status the moderation policy gives it.

    A member's name is their display name; a guest's is what they typed. A reply to a
    reply joins its thread: replies are one level deep.
    """
    decision = moderate(body=body, user=user, honeypot_filled=honeypot_filled)
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent
    comment = Comment(
        article=article,
        parent=parent,
        user=user,
        author_name=user.public_name if user else author_name,
        author_email=user.email if user else author_email,
        body=body,
        status=decision.status,
        client_hash=address_hash,
    )
    comment.reasons = decision.reasons
    comment.save()
    if comment.status == Comment.Status.APPROVED:
        comments_changed([article.pk])
    return comment


def comments_decide(*, comments, status: str, moderator) -> int:
    """Set the status of `comments` (a queryset), recording who decided and when."""
    article_ids = set(comments.values_list("article_id", flat=True))
    changed = comments.update(status=status, decided_by=moderator, decided_at=timezone.now())
    comments_changed(article_ids)
    return changed

"""Small builders for comments. Each call makes a unique row, approved unless told otherwise."""

import itertools

from comments.models import Comment
from tests.articles.factories import make_article

APPROVED = Comment.Status.APPROVED
PENDING = Comment.Status.PENDING
REJECTED = Comment.Status.REJECTED
SPAM = Comment.Status.SPAM

_sequence = itertools.count(1)


def make_comment(article=None, status=APPROVED, **fields) -> Comment:
    """A comment on `article` (a new published one unless given), saved through the model,
    so its body is rendered and its links counted as when a reader posts it.

    `reasons` (a list of Comment.Reason codes) sets why it is held.
    """
    n = next(_sequence)
    reasons = fields.pop("reasons", [])
    user = fields.get("user")
    fields.setdefault("author_name", user.public_name if user else f"Reader {n}")
    fields.setdefault("author_email", user.email if user else f"reader{n}@example.com")
    fields.setdefault("body", f"Comment number {n}, with something to say.")
    comment = Comment(article=article or make_article(), status=status, **fields)
    comment.reasons = reasons
    comment.save()
    return comment

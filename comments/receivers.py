"""How the comments app answers other apps' signals (connected in CommentsConfig.ready())."""

from .caching import comments_changed
from .policy import forget_blocked_words
from .services import member_forget


def forget_leaving_member(sender, *, user, delete_content: bool, **kwargs) -> None:
    """A member's account is being deleted: delete their comments, or keep them under
    "Former member" (accounts.signals.member_leaving)."""
    member_forget(user=user, delete_comments=delete_content)


def article_changed(instance, **kwargs) -> None:
    """An article saved or deleted: one unpublished, closed or deleted takes its comments
    out of the sidebar, its counts and its comment block."""
    comments_changed([instance.pk])


def comment_deleted(instance, **kwargs) -> None:
    """Deleted outright (in the admin, or with its account): gone from every page."""
    comments_changed([instance.article_id])


def blocked_words_changed(**kwargs) -> None:
    forget_blocked_words()

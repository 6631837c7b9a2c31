"""How the comments app answers other apps' signals (connected in CommentsConfig.ready())."""

from .services import member_forget


def forget_leaving_member(sender, *, user, delete_content: bool, **kwargs) -> None:
    """A member's account is being deleted: delete their comments, or keep them under
    "Former member" (accounts.signals.member_leaving)."""
    member_forget(user=user, delete_comments=delete_content)

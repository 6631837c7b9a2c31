"""Who is asking: the one value every comments page, rule and query reads the reader from.

A reader is a member (signed in), a guest known by what their browser carries (the
comments it posted and the email address it confirmed, in signed cookies: no session is
made for a guest), or nobody in particular. `reader_for(request)` builds it once per
request; services take it as a plain value, so a management command or a test builds
one with `Reader(user=...)` and meets the same rules a browser does.
"""

from dataclasses import dataclass, field
from functools import cached_property

from .clients import address_hashes
from .guests import confirmed_guest
from .threads import posted_ids

MODERATE_PERMISSION = "comments.moderate_comment"


@dataclass(frozen=True)
class Reader:
    user: object = None  # the signed-in member, or None for a guest
    posted_ids: frozenset = field(default_factory=frozenset)  # guest comments sent from here
    confirmed_email: str = ""  # the address this browser proved it reads, or ""
    confirmed_name: str = ""  # the name last used with it
    # The client address's keyed hashes, current key first (see clients.address_hashes).
    address_hashes: tuple = ()

    @property
    def is_member(self) -> bool:
        return self.user is not None

    @property
    def is_anonymous(self) -> bool:
        """Nobody in particular: no account and no comments of their own to see."""
        return self.user is None and not self.posted_ids

    @cached_property
    def is_moderator(self) -> bool:
        return self.user is not None and self.user.has_perm(MODERATE_PERMISSION)

    @property
    def address_hash(self) -> str:
        return self.address_hashes[0] if self.address_hashes else ""

    @property
    def reporter(self) -> str:
        """Who a report is from, one report each: a member's account, else the address."""
        return f"user:{self.user.pk}" if self.user is not None else f"address:{self.address_hash}"

    def wrote(self, comment) -> bool:
        """Whether this reader wrote `comment`: a member's by their account, a guest's
        by their browser's memory of sending it."""
        if comment.user_id is not None:
            return self.user is not None and comment.user_id == self.user.pk
        return comment.pk in self.posted_ids

    def has_confirmed(self, email: str) -> bool:
        """Whether this browser proved it reads `email` (a member needs no proof)."""
        if self.user is not None:
            return True
        return bool(self.confirmed_email) and self.confirmed_email == email.strip().lower()


ANONYMOUS = Reader()


def reader_for(request) -> Reader:
    """The reader making `request`, built on its first use and kept for the request."""
    reader = getattr(request, "_comments_reader", None)
    if reader is None:
        user = getattr(request, "user", None)
        guest = confirmed_guest(request)
        reader = Reader(
            user=user if user is not None and user.is_authenticated else None,
            posted_ids=frozenset(posted_ids(request)),
            confirmed_email=guest.email.lower() if guest else "",
            confirmed_name=guest.name if guest else "",
            address_hashes=tuple(address_hashes(request)),
        )
        request._comments_reader = reader
    return reader

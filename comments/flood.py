"""Flood control for posting comments, counted in the cache (shared by processes with Redis)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from accounts.throttle import count_in_window

HOUR = 60 * 60


@dataclass
class Flood:
    """The posting counts of one client address and, for members, one account."""

    address_hash: str
    user_id: int | None = None

    def _hour_keys(self) -> list[str]:
        keys = [f"comments:hour:address:{self.address_hash}"]
        if self.user_id is not None:
            keys.append(f"comments:hour:user:{self.user_id}")
        return keys

    @property
    def _gap_key(self) -> str:
        return f"comments:gap:address:{self.address_hash}"

    def wait_message(self) -> str:
        """Why this client must wait before posting, or "" when it may post now."""
        # Every count at once: one round trip to the cache.
        counts = cache.get_many([self._gap_key, *self._hour_keys()])
        if counts.pop(self._gap_key, None):
            return (
                "Please wait a few seconds before posting another comment "
                f"(one every {settings.COMMENTS_MIN_INTERVAL_SECONDS} seconds). "
                "Your text is still here."
            )
        if any(count >= settings.COMMENTS_MAX_PER_HOUR for count in counts.values()):
            return (
                f"You have posted {settings.COMMENTS_MAX_PER_HOUR} comments in the last hour, "
                "the most we take. Please wait a while and try again; your text is still here."
            )
        return ""

    def record(self) -> None:
        cache.set(self._gap_key, 1, timeout=settings.COMMENTS_MIN_INTERVAL_SECONDS)
        for key in self._hour_keys():
            count_in_window(key, seconds=HOUR)

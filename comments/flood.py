"""Flood control for posting comments, counted in the cache (shared by processes with Redis)."""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from throttling.windows import count_in_window, seconds_left

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

    def retry_after(self) -> int:
        """Seconds until this client may post again, for the Retry-After header (0: now)."""
        counts = cache.get_many([self._gap_key, *self._hour_keys()])
        waits = [
            seconds_left(key, window=HOUR)
            for key, count in counts.items()
            if key != self._gap_key and count >= settings.COMMENTS_MAX_PER_HOUR
        ]
        if gap_ends := counts.get(self._gap_key):
            waits.append(max(1, math.ceil(gap_ends - time.time())))
        return max(waits, default=0)

    def record(self) -> None:
        # The gap's value is the moment it ends, for retry_after().
        interval = settings.COMMENTS_MIN_INTERVAL_SECONDS
        cache.set(self._gap_key, time.time() + interval, timeout=interval)
        for key in self._hour_keys():
            count_in_window(key, seconds=HOUR)

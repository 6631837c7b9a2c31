"""Flood control for posting comments, counted in the cache (shared by processes with Redis)."""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from throttling.windows import count_in_window, seconds_left

from .refusals import TooFast

HOUR = 60 * 60


@dataclass
class Flood:
    """The posting counts of one client address and, for members, one account. A caller
    with neither (a management command) is not counted."""

    address_hash: str
    user_id: int | None = None

    def _hour_keys(self) -> list[str]:
        keys = []
        if self.address_hash:
            keys.append(f"comments:hour:address:{self.address_hash}")
        if self.user_id is not None:
            keys.append(f"comments:hour:user:{self.user_id}")
        return keys

    @property
    def _gap_key(self) -> str:
        return f"comments:gap:address:{self.address_hash}"

    def refusal(self) -> TooFast | None:
        """Why this client must wait before posting (with how long), or None: it may post."""
        if not self._hour_keys():
            return None
        # Every count at once: one round trip to the cache.
        counts = cache.get_many([self._gap_key, *self._hour_keys()])
        gap_ends = counts.pop(self._gap_key, None) if self.address_hash else None
        full = [key for key, count in counts.items() if count >= settings.COMMENTS_MAX_PER_HOUR]
        if not gap_ends and not full:
            return None
        waits = [seconds_left(key, window=HOUR) for key in full]
        if gap_ends:
            waits.append(max(1, math.ceil(gap_ends - time.time())))
        return TooFast(retry_after=max(waits), hourly=not gap_ends)

    def record(self) -> None:
        if self.address_hash:
            # The gap's value is the moment it ends, for the refusal's retry_after.
            interval = settings.COMMENTS_MIN_INTERVAL_SECONDS
            cache.set(self._gap_key, time.time() + interval, timeout=interval)
        for key in self._hour_keys():
            count_in_window(key, seconds=HOUR)

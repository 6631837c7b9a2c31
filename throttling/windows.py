"""Counters in Django's cache, each counting within a window opened by its first count."""

import math
import time

from django.core.cache import cache


def _ends_key(key: str) -> str:
    return f"{key}:ends"


def count_in_window(key: str, *, seconds: int) -> int:
    """Add one to a cache counter whose window opens at its first count; the new count.

    add() starts the window only when the key is new; incr() keeps its expiry (on Redis
    as in local memory), so the window does not slide with every count. Beside the count
    the window's end is kept, for seconds_left() to tell a client how long to wait.
    """
    ends = time.time() + seconds
    cache.add(_ends_key(key), ends, timeout=seconds)
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add() and incr()
        cache.set_many({key: 1, _ends_key(key): ends}, timeout=seconds)
        return 1


def seconds_left(key: str, *, window: int) -> int:
    """Whole seconds until the window of the counter `key` closes (at least 1).

    `window` is the answer when the end was not kept (a counter from before ends were).
    """
    ends = cache.get(_ends_key(key))
    if ends is None:
        return window
    return max(1, math.ceil(ends - time.time()))


def forget_window(*keys: str) -> None:
    """Drop counters and their windows, as if they had never counted."""
    cache.delete_many([name for key in keys for name in (key, _ends_key(key))])

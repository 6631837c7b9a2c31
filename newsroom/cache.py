"""Django's Redis cache, made to degrade to "no cache" while Redis is away.

The site uses its cache for speed (the comments sidebar) and for counts that only bound
abuse (sign-in throttling, comment flood control). Neither is worth an error page: when
Redis cannot be reached, every call answers as an empty cache that keeps nothing would,
and the page is built from the database instead. Django 6.1's RedisCache has no such
mode, so this subclass adds it.

It also keeps one redis-py client per connection pool: Django's builds a new one for
every cache call, which costs more than the call itself on a cached page (redis-py
fills a table of some two hundred reply parsers in each client it makes). A client
shares its pool's connections and is safe to share between threads.

And it can keep a few hot keys in the process (get_watched): a value fetched once is
served again without a round trip to Redis, while a subscription to a channel of the
cache's own tells the process of every change that any process announces (changed()).
The announcing process drops its copy at once, the others as soon as Redis delivers
the message (well under a millisecond on one network); a copy is never older than
WATCH_MAX_AGE_SECONDS in any case, and without a live subscription nothing is kept.
"""

import contextlib
import functools
import logging
import os
import threading
import time
import weakref

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# What changed() announces to say that every key changed (after clear()).
EVERY_KEY = "*"
_MISSING = object()


def _or_when_unreachable(fallback):
    """Run the cache call; if Redis is unreachable, return `fallback(*args, **kwargs)`."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            if time.monotonic() < self._unreachable_until:
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._mark_unreachable(error)
                return fallback(*args, **kwargs)

        return call

    return decorate


def _missing_key(*args, **kwargs):
    # What incr() and decr() do for a key that is not there (callers already handle it).
    raise ValueError("The cache is unreachable, so the key is not there.")


class ReusedRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, which makes each redis-py client once per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that logs and swallows connection errors and timeouts.

    Reads miss (`get` returns the default, `get_many` nothing), writes report that they
    stored nothing (`add`, `touch`, `delete` return False, `set_many` lists every key as
    failed), and `incr` raises ValueError as for a missing key. Sockets time out quickly,
    and after a failure Redis is left alone for RETRY_AFTER_SECONDS, so an outage costs
    a page no more than one short timeout and the log one line per interval.
    """

    SOCKET_TIMEOUT_SECONDS = 0.25
    RETRY_AFTER_SECONDS = 5.0
    WATCH_MAX_AGE_SECONDS = 5.0

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": self.SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": self.SOCKET_TIMEOUT_SECONDS,
            **(params.get("OPTIONS") or {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedRedisCacheClient
        self._unreachable_until = 0.0
        # The watched keys' values kept in this process: full key -> (value, fetched at).
        self._kept = {}
        self._kept_lock = threading.Lock()
        # Bumped whenever kept values may have gone stale: a value fetched before is not kept.
        self._kept_epoch = 0
        self._subscribed = False
        self._watcher_pid = None

    def _mark_unreachable(self, error: Exception) -> None:
        self._unreachable_until = time.monotonic() + self.RETRY_AFTER_SECONDS
        logger.warning(
            "Redis cache unreachable (%s: %s); working without a cache for %g s.",
            type(error).__name__,
            error,
            self.RETRY_AFTER_SECONDS,
        )

    @_or_when_unreachable(lambda *args, **kwargs: False)
    def add(self, *args, **kwargs):
        return super().add(*args, **kwargs)

    @_or_when_unreachable(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_or_when_unreachable(lambda *args, **kwargs: None)
    def set(self, *args, **kwargs):
        return super().set(*args, **kwargs)

    @_or_when_unreachable(lambda *args, **kwargs: False)
    def touch(self, *args, **kwargs):
        return super().touch(*args, **kwargs)

    @_or_when_unreachable(lambda *args, **kwargs: False)
    def delete(self, *args, **kwargs):
        return super().delete(*args, **kwargs)

    @_or_when_unreachable(lambda *args, **kwargs: {})
    def get_many(self, *args, **kwargs):
        return super().get_many(*args, **kwargs)

    @_or_when_unreachable(lambda *args, **kwargs: False)
    def has_key(self, *args, **kwargs):
        return super().has_key(*args, **kwargs)

    @_or_when_unreachable(_missing_key)
    def incr(self, *args, **kwargs):
        return super().incr(*args, **kwargs)

    @_or_when_unreachable(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, *args, **kwargs):
        return super().set_many(data, *args, **kwargs)

    @_or_when_unreachable(lambda *args, **kwargs: None)
    def delete_many(self, *args, **kwargs):
        return super().delete_many(*args, **kwargs)

    @_or_when_unreachable(lambda *args, **kwargs: False)
    def clear(self, *args, **kwargs):
        cleared = super().clear(*args, **kwargs)
        self.changed(EVERY_KEY)
        return cleared

    # --- watched keys ------------------------------------------------------------------

    def get_watched(self, key, default=None, version=None):
        """get(), but the value is kept in this process until changed() says otherwise
        (see the module's docstring): a hot key costs no round trip."""
        self._start_watcher()
        full_key = self.make_and_validate_key(key, version=version)
        kept = self._kept.get(full_key)
        if kept is not None and time.monotonic() - kept[1] < self.WATCH_MAX_AGE_SECONDS:
            return kept[0]
        epoch = self._kept_epoch
        value = self.get(key, _MISSING, version=version)
        if value is _MISSING:
            return default
        with self._kept_lock:
            # Not if the subscription is down, or a change came while Redis answered.
            if self._subscribed and epoch == self._kept_epoch:
                self._kept[full_key] = (value, time.monotonic())
        return value

    def changed(self, *keys, version=None) -> None:
        """Say that `keys` changed (EVERY_KEY: all of them): every process, this one at
        once, drops the values of theirs it kept."""
        full_keys = [
            key if key == EVERY_KEY else self.make_and_validate_key(key, version=version)
            for key in keys
        ]
        self._forget_kept(full_keys)
        self._publish("\n".join(full_keys))

    @_or_when_unreachable(lambda *args, **kwargs: None)
    def _publish(self, message: str) -> None:
        self._cache.get_client(write=True).publish(self._channel(), message)

    def _channel(self) -> str:
        return self.make_key("changed-keys")

    def _forget_kept(self, full_keys) -> None:
        with self._kept_lock:
            self._kept_epoch += 1
            if EVERY_KEY in full_keys:
                self._kept.clear()
            for full_key in full_keys:
                self._kept.pop(full_key, None)

    def _subscription(self, *, live: bool) -> None:
        with self._kept_lock:
            self._subscribed = live
            self._kept_epoch += 1
            self._kept.clear()

    def _start_watcher(self) -> None:
        # Once per process: a thread started before a fork does not run in the child.
        if self._watcher_pid == os.getpid():
            return
        with self._kept_lock:
            if self._watcher_pid == os.getpid():
                return
            self._watcher_pid = os.getpid()
            self._subscribed = False
            self._kept.clear()
        threading.Thread(
            target=_watch, args=(weakref.ref(self),), name="cache-watch", daemon=True
        ).start()


def _watch(cache_ref) -> None:
    """Keep the cache `cache_ref` names subscribed to its channel of changed keys, and
    drop what it kept of each; ends once the cache is gone. While waiting for messages
    it holds no reference that would keep the cache alive."""
    while (cache := cache_ref()) is not None:
        pubsub = cache._cache.get_client().pubsub()
        channel = cache._channel()
        del cache
        try:
            pubsub.subscribe(channel)
            while True:
                message = pubsub.get_message(timeout=1.0)
                cache = cache_ref()
                if cache is None:
                    return
                if message is not None and message["type"] == "subscribe":
                    cache._subscription(live=True)
                elif message is not None and message["type"] == "message":
                    cache._forget_kept(message["data"].decode().split("\n"))
                del cache
        except Exception as error:
            cache = cache_ref()
            if cache is not None:
                cache._subscription(live=False)
                if not isinstance(error, UNREACHABLE):
                    logger.exception("Watching the cache's changed keys failed; retrying.")
                elif time.monotonic() >= cache._unreachable_until:
                    cache._mark_unreachable(error)
            del cache
            time.sleep(1.0)
        finally:
            with contextlib.suppress(Exception):  # closing what may be a broken connection
                pubsub.close()

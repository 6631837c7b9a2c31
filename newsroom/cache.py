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
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


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

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": self.SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": self.SOCKET_TIMEOUT_SECONDS,
            **(params.get("OPTIONS") or {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedRedisCacheClient
        self._unreachable_until = 0.0

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
        return super().clear(*args, **kwargs)

"""Keys the Redis cache keeps in each process, dropped everywhere when one process says so.

Two cache objects on one Redis database stand for two processes. These run where
REDIS_URL is set (the PostgreSQL + Redis run of .ci/run).
"""

import os
import time
import uuid

import pytest

from newsroom.cache import ResilientRedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs Redis (REDIS_URL); CI's PostgreSQL + Redis run has it",
)


def redis_cache() -> ResilientRedisCache:
    # A prefix of its own per test, so that the suite's other keys are left alone.
    return ResilientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": PREFIX})


PREFIX = f"watch-test-{uuid.uuid4().hex[:8]}"


def eventually(check, seconds=2.0):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.005)


def subscribed(cache):
    cache.get_watched("warm-up")
    eventually(lambda: cache._subscribed)
    return cache


@pytest.fixture
def two_processes():
    first, second = subscribed(redis_cache()), subscribed(redis_cache())
    yield first, second
    first.delete_many(["generation", "warm-up"])


def test_a_watched_key_is_served_again_without_asking_redis(two_processes, monkeypatch):
    first, _ = two_processes
    first.set("generation", "one")
    assert first.get_watched("generation") == "one"

    def no_round_trip(*args, **kwargs):
        raise AssertionError("asked Redis again")

    monkeypatch.setattr(first, "get", no_round_trip)
    assert first.get_watched("generation") == "one"


def test_a_change_announced_by_one_process_reaches_the_other_at_once(two_processes):
    first, second = two_processes
    first.set("generation", "one")
    assert second.get_watched("generation") == "one"

    first.set("generation", "two")
    first.changed("generation")

    assert first.get_watched("generation") == "two"  # the announcer: at once
    eventually(lambda: second.get_watched("generation") == "two", seconds=0.5)


def test_without_a_subscription_every_read_asks_redis(two_processes):
    first, second = two_processes
    first._subscription(live=False)  # as when the connection drops
    first.set("generation", "one")
    assert first.get_watched("generation") == "one"

    second.set("generation", "two")  # and the announcement is lost

    assert first.get_watched("generation") == "two"


def test_a_kept_value_is_asked_for_again_after_the_longest_age(two_processes, monkeypatch):
    first, second = two_processes
    first.set("generation", "one")
    assert first.get_watched("generation") == "one"
    second.set("generation", "two")  # changed without an announcement

    later = time.monotonic() + ResilientRedisCache.WATCH_MAX_AGE_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)

    assert first.get_watched("generation") == "two"


def test_clearing_the_cache_drops_what_every_process_kept(two_processes):
    first, second = two_processes
    first.set("generation", "one")
    assert second.get_watched("generation") == "one"

    first.clear()

    eventually(lambda: second.get_watched("generation") is None, seconds=0.5)


def test_an_unreachable_redis_keeps_nothing_and_costs_no_error():
    closed = ResilientRedisCache("redis://127.0.0.1:9/0", {})

    assert closed.get_watched("generation", "fallback") == "fallback"
    closed.changed("generation")  # announcing to nobody is no error
    assert closed._kept == {}

"""Faults: the database going away gives a 503 page and recovers; Redis going away is no error."""

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from newsroom.cache import ResilientRedisCache
from tests.accounts.factories import PASSWORD, make_member
from tests.articles.factories import make_article
from tests.pages import text_of

ROOT = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    """A loopback port nothing listens on: bound once to be given one, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the database -------------------------------------------------------------------------------


def database_gone(error_class):
    def refuse(execute, sql, params, many, context):
        raise error_class("server closed the connection unexpectedly")

    return refuse


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("error_class", [OperationalError, InterfaceError])
def test_pages_answer_503_in_the_sites_look_while_the_database_is_away(reader, caplog, error_class):
    article = make_article(headline="Council approves the budget")

    with connection.execute_wrapper(database_gone(error_class)):
        responses = [
            reader.get("/en/"),
            reader.get(article.get_absolute_url()),
            reader.post(reverse("accounts:login"), {"username": "a", "password": "b"}),
        ]

    for response in responses:
        page = text_of(response)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert '<header class="site-header">' in page
        assert "We'll be back in a moment" in page
        assert response["X-Request-ID"] in page
        assert "server closed the connection" not in page
    logged = [r.getMessage() for r in caplog.records if r.name == "newsroom.middleware"]
    assert len(logged) == 3
    assert logged[0].startswith(
        f"Database unavailable, answered 503 for GET /en/: {error_class.__name__}"
    )


@pytest.mark.django_db
def test_the_site_recovers_once_the_database_is_back(reader):
    make_member(username="returning")
    make_article(headline="Council approves the budget")
    with connection.execute_wrapper(database_gone(OperationalError)):
        assert reader.get("/en/").status_code == 503

    # Same process, same connection settings: no restart.
    front = reader.get("/en/")
    assert front.status_code == 200
    assert "Council approves the budget" in text_of(front)
    sign_in = reader.post(
        reverse("accounts:login"), {"username": "returning", "password": PASSWORD}
    )
    assert sign_in.status_code == 302


def test_connections_are_health_checked_before_reuse():
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        # The pool checks each connection it hands out (Django's checks are for
        # persistent connections, which the pool replaces).
        from psycopg_pool import ConnectionPool

        assert database["OPTIONS"]["pool"]["check"] == ConnectionPool.check_connection
    else:
        assert database["CONN_HEALTH_CHECKS"] is True


UNREACHABLE_DATABASE = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/en/", HTTP_HOST="localhost")
print(response.status_code, response["Retry-After"], "We'll be back" in response.content.decode())
"""


def test_a_database_server_that_refuses_connections_gives_the_503_page():
    # A real driver error: PostgreSQL at a port where nothing listens.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", UNREACHABLE_DATABASE],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            # Debug's plain static storage: production's needs collectstatic first.
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"postgres://newsroom@127.0.0.1:{closed_port()}/newsroom",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "30", "True"]
    assert "Database unavailable, answered 503 for GET /en/: OperationalError" in result.stderr


# --- Redis -------------------------------------------------------------------------------------


@pytest.fixture
def unreachable_redis():
    return ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})


def test_a_cache_whose_redis_is_unreachable_answers_as_an_empty_cache(unreachable_redis, caplog):
    redis = unreachable_redis

    assert redis.get("sidebar") is None
    assert redis.get("sidebar", "default") == "default"
    assert redis.get_many(["a", "b"]) == {}
    assert redis.has_key("a") is False
    assert redis.add("a", 1) is False
    assert redis.set("a", 1) is None
    assert redis.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert redis.touch("a") is False
    assert redis.delete("a") is False
    assert redis.delete_many(["a", "b"]) is None
    assert redis.get_or_set("a", 5) == 5
    with pytest.raises(ValueError):
        redis.incr("a")  # as for a missing key, which callers already handle
    assert redis.clear() is False

    warnings = [r for r in caplog.records if r.name == "newsroom.cache"]
    assert len(warnings) == 1, "one line per outage interval, not one per call"
    assert warnings[0].levelno == logging.WARNING
    assert "Redis cache unreachable (ConnectionError" in warnings[0].getMessage()


def test_an_unreachable_redis_costs_a_page_almost_nothing(unreachable_redis):
    started = time.monotonic()
    for n in range(200):
        unreachable_redis.get(f"key-{n}")
    assert time.monotonic() - started < 1.0


def test_the_cache_is_used_again_once_redis_answers(unreachable_redis, monkeypatch):
    redis = unreachable_redis

    class Recovered:
        def get(self, key, default):
            return "from redis"

    assert redis.get("a") is None  # the outage starts
    monkeypatch.setattr(redis, "_cache", Recovered())
    assert redis.get("a") is None, "Redis is left alone for a few seconds after a failure"

    later = time.monotonic() + ResilientRedisCache.RETRY_AFTER_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert redis.get("a") == "from redis"


def test_every_cache_call_shares_one_redis_client_and_its_pool(unreachable_redis):
    # Django's own client makes a redis-py client per call, which costs more than a call.
    client = unreachable_redis._cache
    reader, writer = client.get_client("a"), client.get_client("a", write=True)

    assert reader is writer is client.get_client("b")
    assert reader.connection_pool is client._get_connection_pool(write=False)


def test_timeouts_count_as_unreachable_too(unreachable_redis, monkeypatch):
    from redis.exceptions import TimeoutError as RedisTimeoutError

    class Hanging:
        def get(self, key, default):
            raise RedisTimeoutError("Timeout reading from socket")

    monkeypatch.setattr(unreachable_redis, "_cache", Hanging())
    assert unreachable_redis.get("a", "fallback") == "fallback"


def test_other_redis_errors_are_not_hidden(unreachable_redis, monkeypatch):
    # Only an unreachable server means "no cache"; a bug (a bad command, say) still shows.
    from redis.exceptions import ResponseError

    class Broken:
        def get(self, key, default):
            raise ResponseError("WRONGTYPE Operation against a key holding the wrong kind")

    monkeypatch.setattr(unreachable_redis, "_cache", Broken())
    with pytest.raises(ResponseError):
        unreachable_redis.get("a")


@pytest.mark.django_db
def test_the_site_works_with_its_redis_unreachable(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    assert isinstance(caches["default"], ResilientRedisCache)
    make_member(username="reader")
    article = make_article(headline="Council approves the budget")

    assert client.get("/en/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    # The sign-in throttle counts in the cache: failures and a success still work.
    wrong = client.post(reverse("accounts:login"), {"username": "reader", "password": "wrong"})
    assert wrong.status_code == 200
    right = client.post(reverse("accounts:login"), {"username": "reader", "password": PASSWORD})
    assert right.status_code == 302
    assert any(r.name == "newsroom.cache" for r in caplog.records), "Redis was really tried"

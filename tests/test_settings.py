"""The settings module: what it refuses, and what it sets up from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env):
    """Import the settings in a fresh interpreter with exactly `env` on top of PATH."""
    environment = {"PATH": os.environ.get("PATH", ""), **env}
    return subprocess.run(
        [sys.executable, "-c", "import newsroom.settings as s; print(s.DEBUG, s.CACHES)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_secret_key_with_debug_off_fails_with_a_clear_message():
    result = _load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_runs_without_a_secret_key():
    result = _load_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


def test_redis_url_selects_the_shared_redis_cache():
    result = _load_settings(DJANGO_SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/5")
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout
    assert "redis://127.0.0.1:6379/5" in result.stdout


def test_default_cache_is_local_memory():
    result = _load_settings(DJANGO_SECRET_KEY="x")
    assert "LocMemCache" in result.stdout


@pytest.mark.django_db
def test_sqlite_waits_for_a_busy_writer_instead_of_failing():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only pragmas")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_file_database_uses_write_ahead_logging(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_SECRET_KEY": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"

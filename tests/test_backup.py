"""Backups: taken while the site runs, restored into a fresh database, nothing missing."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from comments.models import Comment
from tests.articles.factories import make_article
from tests.comments.factories import PENDING, make_comment

ROOT = Path(__file__).resolve().parent.parent

# Everything a reader or moderator would miss after a restore, as plain data.
INVENTORY = """
import json, django
django.setup()
from articles.models import Article
from comments.models import Comment
print(json.dumps({
    "articles": sorted(Article.objects.values_list("pk", "headline", "body")),
    "comments": sorted(Comment.objects.values_list("pk", "article_id", "status", "body")),
}))
"""


def inventory_of(database_url: str) -> dict:
    """What a fresh process sees in the database at `database_url`."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", INVENTORY],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_SECRET_KEY": "x",
            "DATABASE_URL": database_url,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def expected_inventory() -> dict:
    return json.loads(
        json.dumps(
            {
                "articles": sorted(Article.objects.values_list("pk", "headline", "body")),
                "comments": sorted(
                    Comment.objects.values_list("pk", "article_id", "status", "body")
                ),
            }
        )
    )


@pytest.fixture
def newsroom_content():
    """Articles and comments in every state, committed as the live site's would be."""
    articles = [make_article(headline=f"Story {n}: the café reopens") for n in range(3)]
    draft = make_article(headline="Not yet published", status=Article.Status.DRAFT)
    for article in articles:
        make_comment(article=article, body=f"First on {article.headline} – “quoted”")
        make_comment(article=article, status=PENDING, body="Waiting for a moderator")
    return [*articles, draft]


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_into_a_fresh_database_with_everything(newsroom_content, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup command; PostgreSQL is covered by pg_dump below")
    backup = tmp_path / "backups" / "newsroom.sqlite3"

    call_command("backup_database", str(backup))

    # Restore as the README says: the backup file becomes the database file.
    restored = tmp_path / "restored" / "db.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)
    found = inventory_of(f"sqlite:///{restored}")
    assert found == expected_inventory()
    assert len(found["articles"]) == 4
    assert len(found["comments"]) == 6


@pytest.mark.django_db(transaction=True)
def test_a_backup_never_replaces_a_file_unasked_or_the_database_itself(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup command")
    existing = tmp_path / "older-backup.sqlite3"
    existing.write_bytes(b"an older backup")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_database", str(existing))
    assert existing.read_bytes() == b"an older backup"
    with pytest.raises(CommandError, match="cannot overwrite the database"):
        call_command("backup_database", connection.settings_dict["NAME"], "--force")

    call_command("backup_database", str(existing), "--force")
    assert existing.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.django_db
def test_the_backup_command_points_postgresql_to_pg_dump():
    if connection.vendor == "sqlite":
        pytest.skip("PostgreSQL only")
    with pytest.raises(CommandError, match="pg_dump -Fc"):
        call_command("backup_database", "unused.sqlite3")


@pytest.mark.django_db(transaction=True)
def test_a_pg_dump_restores_into_a_fresh_database_with_everything(newsroom_content, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    settings_dict = connection.settings_dict
    server = {
        "PGHOST": settings_dict["HOST"] or "127.0.0.1",
        "PGPORT": str(settings_dict["PORT"] or 5432),
        "PGUSER": settings_dict["USER"],
        "PGPASSWORD": settings_dict["PASSWORD"] or "",
    }
    environment = {"PATH": os.environ.get("PATH", ""), **server}
    dump = tmp_path / "newsroom.dump"
    fresh = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"

    # The README's commands, as an operator runs them.
    def run(*command):
        subprocess.run(command, env=environment, check=True, capture_output=True, timeout=120)  # noqa: S603

    run("pg_dump", "-Fc", "-d", settings_dict["NAME"], "-f", str(dump))
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        run("pg_restore", "--no-owner", "-d", fresh, str(dump))
        user = server["PGUSER"]
        password = f":{server['PGPASSWORD']}" if server["PGPASSWORD"] else ""
        found = inventory_of(
            f"postgres://{user}{password}@{server['PGHOST']}:{server['PGPORT']}/{fresh}"
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    assert found == expected_inventory()
    assert len(found["articles"]) == 4
    assert len(found["comments"]) == 6

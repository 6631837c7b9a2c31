"""Copy the live SQLite database to a file with SQLite's online backup, while the site runs."""

import os
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = (
        "Back up the SQLite database to FILE with SQLite's online backup API: a consistent "
        "copy taken while the site keeps serving. For PostgreSQL use pg_dump (see README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the backup")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="which database to back up"
        )
        parser.add_argument(
            "--force", action="store_true", help="replace FILE if it already exists"
        )

    def handle(self, *args, file: Path, database: str, force: bool, **options):
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError(
                f"The {database!r} database is {connection.display_name}, not SQLite: back it "
                "up with `pg_dump -Fc` as the README shows."
            )
        source = Path(connection.settings_dict["NAME"]).resolve()
        target = file.resolve()
        if target == source:
            raise CommandError("The backup cannot overwrite the database it copies.")
        if target.exists() and not force:
            raise CommandError(f"{target} already exists; pass --force to replace it.")
        target.parent.mkdir(parents=True, exist_ok=True)

        # Write beside the target and rename at the end, so FILE is either the previous
        # backup or a complete new one, never half a copy.
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        connection.ensure_connection()
        copy = sqlite3.connect(partial)
        try:
            # backup() copies page by page under SQLite's own locking: readers and
            # writers carry on, and the copy is of one consistent moment.
            connection.connection.backup(copy)
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
        if verdict != "ok":
            partial.unlink(missing_ok=True)
            raise CommandError(f"The copy failed SQLite's integrity check: {verdict}")
        os.replace(partial, target)
        size = target.stat().st_size
        self.stdout.write(f"Backed up {source} to {target} ({size:,} bytes).")

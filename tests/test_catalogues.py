"""The editions' catalogues: every string the site shows is in each, and translated.

The .po files under locale/ are what translators edit; `make messages` collects the
site's strings into them. These tests collect the strings afresh (in a copy of the
source) and compare, so a string added without running `make messages` fails here, and
read each catalogue with msgfmt, so an entry left untranslated or fuzzy fails too.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.catalogues import entries

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["accounts", "articles", "comments", "demo", "mailing", "newsroom", "static",
           "templates", "throttling", "workers"]  # fmt: skip
DOMAINS = ["django", "djangojs"]  # the pages' strings, the scripts' strings
EDITIONS = [code for code, _ in settings.LANGUAGES if code != "en"]

MSGFMT = shutil.which("msgfmt")

pytestmark = pytest.mark.skipif(MSGFMT is None, reason="needs gettext's msgfmt (make install)")


def msgids(po: Path) -> set[tuple[str, str]]:
    """The (context, singular) of every live entry of the catalogue `po`."""
    return {(entry.context, entry.msgid) for entry in entries(po)}


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """The site's strings as `make messages` would collect them now, in a copy: the
    folder holding one catalogue per domain."""
    copy = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy)
    (copy / "locale" / "ckb" / "LC_MESSAGES").mkdir(parents=True)
    for domain in DOMAINS:
        subprocess.run(  # noqa: S603  # nosec B603
            [sys.executable, "manage.py", "makemessages", "-l", "ckb", "-d", domain, "-v", "0"],
            cwd=copy,
            check=True,
            env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
        )
    return copy / "locale" / "ckb" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_each_catalogue_holds_every_string_the_site_shows(collected, edition, domain):
    catalogue = ROOT / "locale" / edition / "LC_MESSAGES" / f"{domain}.po"

    missing = msgids(collected / f"{domain}.po") - msgids(catalogue)

    assert not missing, f"run `make messages`: {len(missing)} missing, {sorted(missing)[:5]}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("edition", EDITIONS)
def test_each_catalogue_is_translated_whole(edition, domain):
    catalogue = ROOT / "locale" / edition / "LC_MESSAGES" / f"{domain}.po"

    checked = subprocess.run(  # noqa: S603  # nosec B603
        [MSGFMT, "--check", "--statistics", "--output-file=/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
    assert "untranslated" not in checked.stderr, checked.stderr
    assert "fuzzy" not in checked.stderr, checked.stderr
    assert re.match(r"\d+ translated messages?\.", checked.stderr), checked.stderr

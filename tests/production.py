"""The README's production settings, for tests that run the site the way it says."""

import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def production_environment() -> dict[str, str]:
    """The `export` lines of the README's production section, with a real secret key."""
    section = README.read_text().split("## Running in production", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    environment = {}
    for line in block.splitlines():
        if line.startswith("export "):
            name, value = line.removeprefix("export ").split("#", 1)[0].strip().split("=", 1)
            environment[name] = value
    assert environment["DJANGO_SECRET_KEY"] == "...", "the README shows a placeholder"
    environment["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return environment

"""Reading the editions' catalogues (locale/<code>/LC_MESSAGES/django.po) in tests."""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Entry:
    context: str
    msgid: str
    plural: str
    translations: tuple[str, ...]


def catalogue(edition: str) -> Path:
    return ROOT / "locale" / edition / "LC_MESSAGES" / "django.po"


def entries(po: Path) -> list[Entry]:
    """The live entries of the catalogue `po` (not its header, not obsolete ones)."""
    found = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgid = _field(block, "msgid")
        if not msgid:
            continue
        translations = [_field(block, "msgstr")] if "\nmsgstr " in f"\n{block}" else []
        translations += [
            _field(block, f"msgstr\\[{n}\\]") for n in range(6) if f"msgstr[{n}]" in block
        ]
        found.append(
            Entry(
                _field(block, "msgctxt"), msgid, _field(block, "msgid_plural"), tuple(translations)
            )
        )
    return found


def _field(block: str, name: str) -> str:
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.M)
    if not match:
        return ""
    return "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"').replace("\\n", "\n")

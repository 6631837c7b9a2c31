"""The editions: one per language in settings.LANGUAGES, each with its own articles,
sections and comments, at its own URL prefix (/en/, /ckb/, ...).

The edition a request is in is the language Django activated for it (LocaleMiddleware,
from the URL's prefix); everything else asks this module, never settings directly.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Edition:
    code: str
    name: str  # in English, for the admin's lists
    name_local: str  # in its own language: what a reader is offered ("کوردی")
    bidi: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"


def codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def choices() -> list[tuple[str, str]]:
    """The editions as model field choices (a callable, so the setting may change)."""
    return [(code, translation.gettext(name)) for code, name in settings.LANGUAGES]


def default() -> str:
    return settings.LANGUAGE_CODE


def get(code: str) -> Edition:
    info = translation.get_language_info(code)
    return Edition(code=code, name=info["name"], name_local=info["name_local"], bidi=info["bidi"])


def every() -> list[Edition]:
    return [get(code) for code in codes()]


def current() -> str:
    """The edition of the request being served (the active language), or the default."""
    language = translation.get_language()
    if language in codes():
        return language
    # A regional variant activated outside the URL patterns ("en-gb" from a header).
    base = (language or "").split("-")[0]
    return base if base in codes() else default()


def display_name(code: str) -> str:
    """The edition's name in the active language ("Arabic" to an English-speaking editor,
    "العربيّة" to an Arabic-speaking one), or its code if it is not configured."""
    return dict(choices()).get(code, code)

"""System checks: the page cache must never serve one reader's comments to another.

The articles app keeps whole pages for anonymous readers (articles.page_cache). A guest
who commented, or whose browser confirmed an email address, carries a cookie that makes
their pages their own, and the comment form carries a token that must differ for each
reader. Both are named in settings (PAGE_CACHE_PRIVATE_COOKIES and
PAGE_CACHE_PER_READER_FIELDS) for every cache to see, the edge's included; these checks
fail `manage.py check` when a setting lost one.
"""

from django.conf import settings
from django.core import checks

from .forms import TOKEN_FIELD
from .guests import COOKIE_NAME as CONFIRMED_GUEST_COOKIE
from .threads import POSTED_COOKIE


def register() -> None:
    checks.register(check_page_cache_settings, checks.Tags.caches)


def check_page_cache_settings(app_configs=None, **kwargs):
    errors = []
    private = getattr(settings, "PAGE_CACHE_PRIVATE_COOKIES", ())
    for cookie in (POSTED_COOKIE, CONFIRMED_GUEST_COOKIE):
        if cookie not in private:
            errors.append(
                checks.Error(
                    f"PAGE_CACHE_PRIVATE_COOKIES lacks the comments cookie {cookie!r}.",
                    hint="Its bearer would be served pages cached for everyone, and "
                    "everyone the pages cached for its bearer.",
                    id="comments.E001",
                )
            )
    fields = getattr(settings, "PAGE_CACHE_PER_READER_FIELDS", {})
    if fields.get(TOKEN_FIELD) != "comments.forms.token_for_page":
        errors.append(
            checks.Error(
                f"PAGE_CACHE_PER_READER_FIELDS must map {TOKEN_FIELD!r} to "
                "'comments.forms.token_for_page'.",
                hint="Every reader of a cached article page would send the same form "
                "token, and only the first comment would be saved.",
                id="comments.E002",
            )
        )
    return errors

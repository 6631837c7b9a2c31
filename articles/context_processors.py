from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from . import editions
from .models import Section

NAV_SECTIONS_KEY = "articles:nav-sections:{edition}"
# Saving or deleting a section drops the list at once (see apps.py); the timeout only
# bounds how long a change made without signals (a queryset update) takes to show.
NAV_SECTIONS_SECONDS = 3600


def navigation_sections() -> list[Section]:
    """The edition's sections the navigation lists, from the shared cache: a query only
    when it is cold."""
    key = NAV_SECTIONS_KEY.format(edition=editions.current())
    sections = cache.get(key)
    if sections is None:
        sections = list(Section.objects.in_edition())
        cache.set(key, sections, timeout=NAV_SECTIONS_SECONDS)
    return sections


def forget_navigation_sections() -> None:
    cache.delete_many([NAV_SECTIONS_KEY.format(edition=code) for code in editions.codes()])


def site(request):
    """The site's name, the edition, the other editions and the edition's sections for the
    navigation (fetched only if shown)."""
    edition = editions.get(editions.current())
    return {
        "site_name": settings.SITE_NAME,
        "edition": edition,
        "editions": editions.every,
        "nav_sections": SimpleLazyObject(navigation_sections),
    }

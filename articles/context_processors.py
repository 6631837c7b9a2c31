from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .models import Section

NAV_SECTIONS_KEY = "articles:nav-sections"
# Saving or deleting a section drops the list at once (see apps.py); the timeout only
# bounds how long a change made without signals (a queryset update) takes to show.
NAV_SECTIONS_SECONDS = 3600


def navigation_sections() -> list[Section]:
    """The sections the navigation lists, from the shared cache: a query only when it is cold."""
    sections = cache.get(NAV_SECTIONS_KEY)
    if sections is None:
        sections = list(Section.objects.all())
        cache.set(NAV_SECTIONS_KEY, sections, timeout=NAV_SECTIONS_SECONDS)
    return sections


def forget_navigation_sections() -> None:
    cache.delete(NAV_SECTIONS_KEY)


def site(request):
    """The site's name and its sections for the navigation, fetched only if shown."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(navigation_sections),
    }

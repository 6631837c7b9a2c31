from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Section


def site(request):
    """The site's name and its sections for the navigation, queried only if shown."""
    return {
        "site_name": settings.SITE_NAME,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
    }

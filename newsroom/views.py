"""The site's error pages: 400, 403, 404, 500, a CSRF failure, and 503 while the database is away.

None of them shows what went wrong inside (no exception text, no path echoed back, no
settings); each tells the reader what they can do. 400, 403, 404 and the CSRF page are
rendered as any page is, with the navigation and sidebar, or like the 500 page if the
database is away. The 500 and 503 pages are rendered without context processors, so
they need neither the database nor the session: they must work when those are what
failed.
"""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token


def _minimal_page(request, template_name: str, status: int):
    template = loader.get_template(template_name)
    context = {
        "site_name": settings.SITE_NAME,
        "request_id": getattr(request, "id", ""),
        "without_database": True,
        # What the i18n context processor would give base.html's <html lang dir>.
        "LANGUAGE_CODE": translation.get_language(),
        "LANGUAGE_BIDI": translation.get_language_bidi(),
    }
    return HttpResponse(template.render(context), status=status)


def _page(request, template_name: str, status: int):
    try:
        return render(request, template_name, status=status)
    except (OperationalError, InterfaceError):
        # The navigation, sidebar and signed-in state come from the database: without
        # them the page still says what happened, instead of turning into a 500.
        return _minimal_page(request, template_name, status)


@requires_csrf_token
def bad_request(request, exception):
    return _page(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception):
    return _page(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception):
    return _page(request, "404.html", status=404)


def server_error(request):
    return _minimal_page(request, "500.html", status=500)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """The form was sent without a valid token: an old page, or cookies turned off."""
    return _page(request, "403_csrf.html", status=403)


def database_unavailable(request):
    """The page newsroom.middleware.DatabaseUnavailableMiddleware answers with."""
    return _minimal_page(request, "503.html", status=503)

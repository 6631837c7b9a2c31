"""The site's error pages: 400, 403, 404, 500 and a CSRF failure.

None of them shows what went wrong inside (no exception text, no path echoed back, no
settings); each tells the reader what they can do. 400, 403, 404 and the CSRF page are
rendered as any page is, with the navigation and sidebar. The 500 page is rendered
without context processors, so it needs neither the database nor the session: it must
work when those are what failed.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _minimal_page(request, template_name: str, status: int):
    template = loader.get_template(template_name)
    context = {"site_name": settings.SITE_NAME, "request_id": getattr(request, "id", "")}
    return HttpResponse(template.render(context), status=status)


@requires_csrf_token
def bad_request(request, exception):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return _minimal_page(request, "500.html", status=500)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """The form was sent without a valid token: an old page, or cookies turned off."""
    return render(request, "403_csrf.html", status=403)

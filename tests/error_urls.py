"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from newsroom import urls as site

SECRET_DETAIL = "internal-detail-7f3a: /srv/newsroom/settings.py SECRET_KEY"


def fails(request):
    raise RuntimeError(SECRET_DETAIL)


def database_gone(request):
    raise OperationalError("connection refused")


def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500

urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/503/", database_gone),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    *site.urlpatterns,
]

"""Project-wide middleware: headers Django has no setting for, the methods the site
answers, and the database's outages."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseNotAllowed

from .views import database_unavailable

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Send the security headers Django has no setting for: Permissions-Policy, turning
    off every feature in PERMISSIONS_POLICY, and Cross-Origin-Resource-Policy.

    `feature=()` is an empty allow-list: neither this site nor anything it embeds may use
    the feature, so an injected script cannot, say, ask for the reader's location. A view
    that sets either header itself keeps its own (uploaded photos say cross-origin).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Permissions-Policy": ", ".join(
                f"{feature}=()" for feature in settings.PERMISSIONS_POLICY
            ),
            "Cross-Origin-Resource-Policy": settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value:
                response.headers.setdefault(name, value)
        return response


class AllowedMethodsMiddleware:
    """Answer 405 Method Not Allowed to a method no view of the site handles.

    The function views answer whatever method reaches them, so without this `TRACE /` or
    `DELETE /` got the page with 200. Views that take fewer methods still refuse the
    others themselves (require_POST, the class-based views' http_method_names).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = list(settings.ALLOWED_HTTP_METHODS)

    def __call__(self, request):
        if request.method not in self.allowed:
            # django.request logs the 405 (one warning line), as for a view's own.
            return HttpResponseNotAllowed(self.allowed)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer 503 with the site's "back soon" page while the database cannot be reached.

    A lost connection or a database that refuses new ones raises OperationalError (or
    InterfaceError, for a connection already closed under the driver) from wherever the
    view or its template first queries. That is an outage, not a bug: the reader gets a
    page saying so with Retry-After, the log gets one line, and nothing needs restarting:
    Django drops the broken connection at the end of the request, and with
    CONN_HEALTH_CHECKS the next request checks a reused one before trusting it.
    """

    RETRY_AFTER_SECONDS = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable, answered 503 for %s %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
        )
        response = database_unavailable(request)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response

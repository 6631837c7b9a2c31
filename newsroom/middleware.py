"""Project-wide middleware: a header Django has no setting for, and the database's outages."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError

from .views import database_unavailable

logger = logging.getLogger(__name__)


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy header that turns off every feature in PERMISSIONS_POLICY.

    `feature=()` is an empty allow-list: neither this site nor anything it embeds may use
    the feature, so an injected script cannot, say, ask for the reader's location.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


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

"""Project-wide middleware: headers Django has no setting for, the methods the site
answers, compression of its pages, and the database's outages."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

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


class TextCompressionMiddleware(GZipMiddleware):
    """Gzip the site's own text (pages, feeds, JSON) for readers who accept it.

    BREACH guesses a secret in a compressed page from the page's size, over many requests
    that reflect a guess beside the secret. The secret worth stealing in a page is the
    CSRF token, which Django masks anew in every response, so its bytes never repeat
    between two requests to match against; and Django's GZipMiddleware (4.2 and later) pads each
    response with up to 100 random bytes ("Heal the Breach"), so sizes are noisy too.
    That is why Django's own middleware is used, and not a web server's gzip.

    Only text: photos and other media are compressed already, and a streamed file (a
    photo from django.views.static.serve) would lose its length for nothing. A 304 gets
    the weak ETag its compressed 200 carried (Django makes the 200's ETag weak, since the
    compressed bytes differ each time), so a browser's stored validator stays the same.
    """

    COMPRESSIBLE_TYPES = {
        "application/atom+xml",
        "application/javascript",
        "application/json",
        "application/rss+xml",
        "application/xml",
        "image/svg+xml",
    }

    def process_response(self, request, response):
        if response.status_code == 304:
            return self._not_modified(request, response)
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not (content_type.startswith("text/") or content_type in self.COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)

    def _not_modified(self, request, response):
        etag = response.get("ETag", "")
        if not etag:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if accepts_gzip and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
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

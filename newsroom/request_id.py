"""A request id for every request: in the response's X-Request-ID header and in the log.

A reader who hits an error page can quote the id shown on it, and the operator finds
the matching log line. Behind a proxy that already stamps requests (NEWSROOM_TRUST_REQUEST_ID),
its id is kept so the proxy's and the application's logs line up.
"""

import contextvars
import logging
import re
import uuid

from django.conf import settings

HEADER = "X-Request-ID"
# Anything else a client sends is replaced: the id ends up in log lines and on a page.
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_current = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    """The id of the request being handled in this context, or "-" outside one."""
    return _current.get()


class RequestIdMiddleware:
    """Set `request.id` and echo it in the X-Request-ID response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = self._id_for(request)
        token = _current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response.headers[HEADER] = request.id
        return response

    @staticmethod
    def _id_for(request) -> str:
        if settings.TRUST_REQUEST_ID:
            given = request.headers.get(HEADER, "")
            if _WELL_FORMED.fullmatch(given):
                return given
        return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Give every log record a `request_id`, for the formatter to print.

    Django's request logger passes the request along (`record.request`), which also
    covers the lines it writes after the middleware has returned; anything else logged
    while a request is handled takes the id from the context.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or current_request_id()
        return True

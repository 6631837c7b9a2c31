"""Logging filters that keep the console to one line per expected refusal.

Django's request logger writes a warning for every answer from 400 to 499 and passes the
exception along when there was one (PermissionDenied behind a 403, Http404 behind a
404), so each refusal came with a traceback that says nothing the line does not; under
runserver its access log then wrote the same request again. A refusal is expected and
gets one line; a 500 keeps its traceback, which is what an operator needs.
"""

import copy
import logging


def _is_refusal(record: logging.LogRecord) -> bool:
    status = getattr(record, "status_code", None)
    return isinstance(status, int) and 400 <= status < 500


class RefusalWithoutTraceback(logging.Filter):
    """Let a refusal's record through without the traceback attached to it (any logger)."""

    def filter(self, record: logging.LogRecord) -> bool | logging.LogRecord:
        if not (_is_refusal(record) and record.exc_info):
            return True
        # A copy: other handlers (a test's capture, say) still get the record as it was.
        plain = copy.copy(record)
        plain.exc_info = None
        plain.exc_text = None
        return plain


class RefusalLoggedByDjango(logging.Filter):
    """Drop runserver's access line for a refusal: django.request logged it already,
    with its reason and the request id. Other lines (a 500, or the development server's
    own complaints, which never reached Django) stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not _is_refusal(record)

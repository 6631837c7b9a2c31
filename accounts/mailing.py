"""Mail sent after the response, so that no answer waits for (or reveals) a mail server.

A page that mails someone only when an account exists (a password reset, a registration
with a known address) would otherwise answer later when it mails, and the delay alone
would tell a stranger that the address has an account. Sending off the request path also
keeps a slow or failing mail server from holding a worker or turning into an error page.

There is no task queue yet: each mail goes in a thread of its own, started once the
current transaction commits (at once outside a transaction). Issue 13 replaces the body
of send_after_response() with a django.tasks task enqueued with transaction.on_commit;
its callers do not change.
"""

import contextvars
import logging
import threading

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

_sending: set[threading.Thread] = set()
_sending_lock = threading.Lock()


def compose(*, to: str, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    """A mail to `to` from `template`.txt, with `template`.html beside it."""
    message = EmailMultiAlternatives(
        # A header holds one line, whatever a template or a name put in it.
        subject=" ".join(subject.split()),
        body=render_to_string(f"{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_after_response(message: EmailMessage) -> None:
    """Send `message` (rendered in full already) once the transaction commits, in a thread.

    The request does not wait for the mail server; a failure is logged, never raised.
    Render everything the message needs before calling: the thread touches no database.
    """
    transaction.on_commit(lambda: _start(message), robust=True)


def _start(message: EmailMessage) -> None:
    # Not a daemon: a worker that exits gracefully finishes its mail first. The thread
    # runs in a copy of the request's context, so its log lines carry the request's id.
    thread = threading.Thread(
        target=contextvars.copy_context().run, args=(_send, message), name="send-after-response"
    )
    with _sending_lock:
        _sending.add(thread)
    thread.start()


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:
        # Whatever the backend raised: the reader has their answer already.
        logger.exception("Could not send the mail %r", message.subject)
    finally:
        with _sending_lock:
            _sending.discard(threading.current_thread())


def wait_for_sending(timeout: float = 10.0) -> None:
    """Wait until the mail started so far in this process is sent (for tests, and shutdown)."""
    with _sending_lock:
        threads = list(_sending)
    for thread in threads:
        thread.join(timeout)

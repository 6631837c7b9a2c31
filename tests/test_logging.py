"""The console log, as `make run` shows it: one line per expected refusal, a 500's traceback once.

The tests read what the configured console handlers write (every plain StreamHandler on
the loggers a request's records pass through), with DEBUG on as under `make run`, and
through the development server's own request handler for its access log.
"""

import io
import logging
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import make_member

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

LOGGERS = ("", "django", "django.request", "django.security", "django.server")


@contextmanager
def console():
    """What the configured console handlers write while the block runs, as one text."""
    written = io.StringIO()
    handlers = {
        handler
        for name in LOGGERS
        for handler in logging.getLogger(name).handlers
        # Exactly StreamHandler: pytest's own capturing handlers are subclasses.
        if type(handler) is logging.StreamHandler
    }
    assert handlers, "no console handler configured"
    streams = {handler: handler.setStream(written) for handler in handlers}
    try:
        yield written
    finally:
        for handler, stream in streams.items():
            handler.setStream(stream)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture
def make_run(settings):
    """DEBUG on, as `make run` has it (Django's own console handler only speaks then)."""
    settings.DEBUG = True


def test_a_403_is_one_line_without_a_traceback(make_run):
    with console() as log:
        response = Client().get("/test-errors/403/")

    assert response.status_code == 403
    (line,) = lines(log.getvalue())
    assert line.startswith("WARNING django.request [request ")
    assert line.endswith("Forbidden (Permission denied): /test-errors/403/")
    assert "Traceback" not in log.getvalue()


def test_a_404_is_one_line_without_a_traceback(make_run):
    with console() as log:
        response = Client().get("/no-such-page/")

    assert response.status_code == 404
    (line,) = lines(log.getvalue())
    assert line.endswith("Not Found: /no-such-page/")


def test_a_refused_moderation_page_is_one_line(make_run):
    member = Client()
    member.force_login(make_member())

    with console() as log:
        response = member.get(reverse("comments:moderation"))

    assert response.status_code == 403
    assert len(lines(log.getvalue())) == 1
    assert "Traceback" not in log.getvalue()


def test_a_429_is_one_line(make_run):
    make_member(username="hana")
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "hana", "password": "wrong"})

    with console() as log:
        response = client.post(reverse("accounts:login"), {"username": "hana", "password": "x"})

    assert response.status_code == 429
    (line,) = lines(log.getvalue())
    assert line.endswith("Too Many Requests: /en/accounts/login/")


def test_an_unknown_host_is_one_line(make_run):
    with console() as log:
        response = Client().get("/en/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert len(lines(log.getvalue())) == 1
    assert "Traceback" not in log.getvalue()


def test_a_500_logs_its_traceback_once(make_run):
    with console() as log:
        response = Client(raise_request_exception=False).get("/test-errors/500/")

    assert response.status_code == 500
    text = log.getvalue()
    assert text.count("Traceback (most recent call last)") == 1
    assert text.startswith("ERROR django.request [request ")
    assert "RuntimeError: internal-detail-7f3a" in text


# --- runserver's access log -----------------------------------------------------------------


@contextmanager
def development_server():
    """Django's development server (runserver's WSGIServer and request handler) in a thread."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())

    def serve():
        server.serve_forever(poll_interval=0.05)
        connections.close_all()

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def status_of(url: str) -> int:
    """The status `url` on the test's own loopback server answers with."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # nosec B310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_under_runserver_a_refusal_is_one_line_and_a_page_its_access_line(make_run):
    with development_server() as site, console() as log:
        assert status_of(f"{site}/no-such-page/") == 404
        assert status_of(f"{site}/healthz") == 200
        assert status_of(f"{site}/test-errors/500/") == 500

    text = log.getvalue()
    refusal = [line for line in lines(text) if "/no-such-page/" in line]
    assert len(refusal) == 1, text
    assert "Not Found: /no-such-page/" in refusal[0]
    assert '"GET /healthz HTTP/1.1" 200' in text  # the access log still runs
    assert text.count("Traceback (most recent call last)") == 1  # the 500's

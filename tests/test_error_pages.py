"""Error pages in the site's look that leak nothing; the request id that ties them to the log."""

import io
import logging
import re

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from newsroom.request_id import RequestIdFilter
from tests.error_urls import SECRET_DETAIL
from tests.pages import tags_named, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

SITE_HEADER = '<header class="site-header">'


@pytest.fixture
def client():
    # A browser gets the error page, not the exception the test client would re-raise.
    return Client(raise_request_exception=False)


def assert_site_page_leaking_nothing(response, status: int, heading: str) -> str:
    __tracebackhide__ = True
    page = text_of(response)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert SITE_HEADER in page
    assert re.findall(r"<h1>(.*?)</h1>", page) == [heading]
    for leak in (SECRET_DETAIL, "Traceback", "RuntimeError", "SECRET_KEY", "settings.py"):
        assert leak not in page
    return page


@pytest.fixture
def console_log():
    """What the site's console log handler writes during the test."""
    handler = next(
        h for h in logging.root.handlers if any(isinstance(f, RequestIdFilter) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def refuse_queries(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


# --- 500 -------------------------------------------------------------------------------------


def test_a_crash_gets_the_sites_500_page_with_its_request_id(client):
    response = client.get("/test-errors/500/")

    page = assert_site_page_leaking_nothing(response, 500, "Something went wrong on our side")
    request_id = response["X-Request-ID"]
    assert f"<code>{request_id}</code>" in page
    assert tags_named(page, "link")[0]["href"].endswith("css/site.css")


def test_the_500_page_needs_no_database(client):
    # When the database is what failed, the 500 page must still render.
    with connection.execute_wrapper(refuse_queries):
        response = client.get("/test-errors/500/")

    assert_site_page_leaking_nothing(response, 500, "Something went wrong on our side")


def test_a_500_is_logged_with_its_request_id_and_traceback(client, console_log):
    response = client.get("/test-errors/500/")

    log = console_log.getvalue()
    request_id = response["X-Request-ID"]
    line = next(line for line in log.splitlines() if "Internal Server Error" in line)
    assert (
        line
        == f"ERROR django.request [request {request_id}] Internal Server Error: /test-errors/500/"
    )
    assert f"RuntimeError: {SECRET_DETAIL}" in log  # the operator sees what the reader did not


# --- 400, 403, 404, CSRF ----------------------------------------------------------------------


def test_a_request_for_an_unknown_host_gets_the_400_page(client):
    response = client.get("/en/", HTTP_HOST="attacker.example")
    assert_site_page_leaking_nothing(response, 400, "We couldn't understand that request")
    assert "attacker.example" not in text_of(response)


def test_a_suspicious_request_gets_the_400_page_without_the_reason(client):
    response = client.get("/test-errors/400/")
    assert_site_page_leaking_nothing(response, 400, "We couldn't understand that request")


def test_a_refusal_gets_the_403_page_without_the_reason(client):
    response = client.get("/test-errors/403/")
    page = assert_site_page_leaking_nothing(response, 403, "You can't open this page")
    assert reverse("accounts:login") in page


def test_an_unknown_address_gets_the_404_page_without_echoing_markup(client):
    response = client.get("/<script>alert(1)</script>/")
    page = assert_site_page_leaking_nothing(response, 404, "We couldn't find that page")
    assert "<script>alert" not in page
    assert "alert(1)" not in page.replace("alert%281%29", "")  # only ever URL-encoded


def test_a_form_without_a_csrf_token_gets_the_sites_csrf_page():
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "a", "password": "b"})

    page = assert_site_page_leaking_nothing(response, 403, "Please send the form again")
    assert "reload the page" in page
    assert "CSRF cookie not set" not in page  # Django's reason, for the log, not the reader


# --- the request id ---------------------------------------------------------------------------


def test_every_response_carries_a_fresh_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/no-such-page/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_clients_request_id_is_ignored_unless_trusted(client):
    response = client.get("/healthz", headers={"X-Request-ID": "chosen-by-the-client"})
    assert response["X-Request-ID"] != "chosen-by-the-client"


def test_a_trusted_proxys_request_id_is_kept(client, settings):
    settings.TRUST_REQUEST_ID = True
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1f2e3d4c5b6a"})
    assert response["X-Request-ID"] == "lb-1f2e3d4c5b6a"


@pytest.mark.parametrize(
    "given", ["short", "with space in it", "line\nbreak-injected", "<script>x</script>", "x" * 200]
)
def test_a_malformed_request_id_is_replaced_even_when_trusted(client, settings, given):
    settings.TRUST_REQUEST_ID = True
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/test-errors/400/", 400, "We couldn't understand that request"),
        ("/test-errors/403/", 403, "You can't open this page"),
        ("/no-such-page/", 404, "We couldn't find that page"),
    ],
)
def test_error_pages_keep_their_status_while_the_database_is_away(client, path, status, heading):
    # Their navigation and sidebar come from the database; without it they must not
    # become a 500.
    with connection.execute_wrapper(refuse_queries):
        response = client.get(path)
    assert_site_page_leaking_nothing(response, status, heading)


@pytest.mark.parametrize(
    ("language", "root"),
    [("en", '<html lang="en" dir="ltr">'), ("ar", '<html lang="ar" dir="rtl">')],
)
@pytest.mark.parametrize("path", ["/test-errors/500/", "/test-errors/503/"])
def test_pages_made_without_context_processors_say_their_language(client, path, language, root):
    # The 500 and 503 pages are rendered without the i18n context processor; they still
    # say the reader's language and direction (screen readers and axe's html-has-lang).
    response = client.get(path, headers={"Accept-Language": language})
    assert root in text_of(response)

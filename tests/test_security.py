"""Secure by default: the production checklist, the headers on every response, the cookies,
the methods the site answers."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.factories import PASSWORD, make_member
from tests.production import production_environment

ROOT = Path(__file__).resolve().parent.parent


def run_in_production(args: list[str], **changes: str | None) -> subprocess.CompletedProcess:
    """Run `python args...` in the project with the README's production environment."""
    environment = {"PATH": os.environ.get("PATH", ""), **production_environment()}
    for name, value in changes.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def deploy_check(**changes: str | None) -> subprocess.CompletedProcess:
    return run_in_production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **changes
    )


# --- check --deploy -----------------------------------------------------------------------------


def test_the_readme_production_settings_pass_the_deploy_check_with_no_warning():
    result = deploy_check()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_off_a_secret_and_hosts_alone_pass_the_deploy_check():
    # Secure by default: an operator who sets only these three gets the HTTPS redirect,
    # a year of HSTS and Secure cookies without knowing the variables for them.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "news.example",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert "security.W004" not in result.stderr
    assert "security.W008" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("changes", "warning"),
    [
        pytest.param({"DJANGO_SECURE_SSL_REDIRECT": "0"}, "security.W008", id="no-ssl-redirect"),
        pytest.param({"DJANGO_SECURE_HSTS_SECONDS": "0"}, "security.W004", id="no-hsts"),
        pytest.param({"DJANGO_SECURE_HSTS_PRELOAD": "0"}, "security.W021", id="no-preload"),
        pytest.param({"DJANGO_SECURE_COOKIES": "0"}, "security.W012", id="plain-cookies"),
        pytest.param({"DJANGO_SECRET_KEY": "short"}, "security.W009", id="weak-key"),
    ],
)
def test_the_deploy_check_fails_when_a_production_setting_is_missing(changes, warning):
    # The control for the test above: the check really looks at these settings.
    result = deploy_check(**changes)
    assert result.returncode != 0
    assert warning in result.stderr


PRODUCTION_REQUEST = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="news.example")
secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
plain = client.get("/robots.txt")
health = client.get("/healthz")
print(json.dumps({
    "secure": [secure.status_code, dict(secure.headers)],
    "plain": [plain.status_code, dict(plain.headers)],
    "health": [health.status_code, dict(health.headers)],
}))
"""


def production_answers(**changes: str | None) -> dict:
    result = run_in_production(
        ["-c", PRODUCTION_REQUEST], DJANGO_SETTINGS_MODULE="newsroom.settings", **changes
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="readme"),
        # Neither variable is needed any more: debug off means HTTPS only.
        pytest.param(
            {"DJANGO_SECURE_SSL_REDIRECT": None, "DJANGO_SECURE_HSTS_SECONDS": None},
            id="defaults",
        ),
    ],
)
def test_production_sends_preload_ready_hsts_over_https_and_redirects_plain_http(changes):
    answers = production_answers(**changes)

    status, headers = answers["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    status, headers = answers["plain"]
    assert status == 301
    assert headers["Location"] == "https://news.example/robots.txt"


def test_a_health_check_over_plain_http_gets_its_answer_not_a_redirect():
    # A load balancer checks the processes directly, over plain HTTP.
    status, headers = production_answers()["health"]
    assert status == 200
    assert "Location" not in headers


def test_plain_http_on_localhost_turns_the_https_parts_off_by_their_variables():
    # What `make serve`, the benchmark and the soak set for plain HTTP on 127.0.0.1.
    answers = production_answers(
        DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SECURE_HSTS_SECONDS="0", DJANGO_SECURE_COOKIES="0"
    )
    status, headers = answers["plain"]
    assert status == 200
    status, headers = answers["secure"]
    assert "Strict-Transport-Security" not in headers


def test_make_serve_turns_the_https_parts_off_and_says_so():
    makefile = (ROOT / "Makefile").read_text()
    serve = re.findall(r"^serve: export (\w+) :?\??= ?(.*)$", makefile, re.MULTILINE)
    assert ("DJANGO_SECURE_SSL_REDIRECT", "0") in serve
    assert ("DJANGO_SECURE_HSTS_SECONDS", "0") in serve
    assert ("DJANGO_SECURE_COOKIES", "0") in serve
    recipe = makefile.split("\nserve: install\n", 1)[1].split("\n\n", 1)[0]
    said = [line for line in recipe.splitlines() if "@echo" in line and "HSTS" in line]
    assert len(said) == 1
    assert "Secure cookies are off" in said[0]


# --- headers on every response ---------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for directive in filter(None, (part.strip() for part in policy.split(";"))):
        name, *values = directive.split()
        directives[name] = values
    return directives


RESPONSES = {
    "front page": lambda client: client.get("/en/"),
    "article search": lambda client: client.get("/en/search/", {"q": "budget"}),
    "plain text": lambda client: client.get("/healthz"),
    "feed": lambda client: client.get(reverse("articles:feed-latest")),
    "not found": lambda client: client.get("/no-such-page/"),
    "redirect": lambda client: client.get(reverse("accounts:profile")),
    "admin sign-in": lambda client: client.get(reverse("admin:login")),
    "form post": lambda client: client.post(reverse("accounts:login"), {"username": "x"}),
}


@pytest.fixture(params=RESPONSES)
def any_response(request, client, db):
    return RESPONSES[request.param](client)


def test_every_response_has_a_strict_content_security_policy(any_response):
    directives = csp_directives(any_response)
    # Nothing unless named, and what is named comes from this origin only.
    assert directives["default-src"] == ["'none'"]
    for name in ("img-src", "font-src", "connect-src", "form-action"):
        assert directives[name] == ["'self'"], name
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    policy = any_response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    # Scripts and styles from this origin, or inline only with this response's nonce
    # (Django names the nonce only when a template used it, as the admin's do).
    for name in ("script-src", "style-src"):
        own, *nonces = directives[name]
        assert own == "'self'"
        assert all(re.fullmatch(r"'nonce-[A-Za-z0-9+/_=-]{16,}'", nonce) for nonce in nonces)


def test_every_response_has_the_other_security_headers(any_response):
    headers = any_response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    features = dict(
        feature.strip().split("=", 1) for feature in headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
    # Chromium knows no such feature and says so in the console of every page.
    assert "bluetooth" not in features


def admin_nonce(response) -> str:
    _own, nonce = csp_directives(response)["script-src"]
    return nonce.removeprefix("'nonce-").removesuffix("'")


@pytest.mark.django_db
def test_each_response_gets_its_own_nonce(admin_client):
    path = reverse("admin:articles_article_changelist")
    assert admin_nonce(admin_client.get(path)) != admin_nonce(admin_client.get(path))


@pytest.mark.django_db
def test_the_admins_inline_elements_carry_the_responses_nonce(admin_client):
    # The admin's change list has inline <script>/<style> marked with the nonce: the
    # policy lets exactly those run, and would block anything injected without it.
    response = admin_client.get(reverse("admin:articles_article_changelist"))
    nonce = admin_nonce(response)
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce}"' in script for script in scripts)


# --- cookies -------------------------------------------------------------------------------------


def cookie_flags(cookie) -> dict:
    return {
        "secure": bool(cookie["secure"]),
        "httponly": bool(cookie["httponly"]),
        "samesite": cookie["samesite"],
    }


EXPECTED_FLAGS = {"secure": True, "httponly": True, "samesite": "Lax"}


def test_debug_off_means_secure_cookies():
    # The suite runs as production does, with DJANGO_DEBUG unset.
    assert not settings.DEBUG
    assert settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_SECURE


@pytest.mark.django_db
def test_the_csrf_cookie_is_secure_httponly_and_lax(client):
    response = client.get(reverse("accounts:login"))
    assert cookie_flags(response.cookies[settings.CSRF_COOKIE_NAME]) == EXPECTED_FLAGS


@pytest.mark.django_db
def test_the_session_cookie_is_secure_httponly_and_lax(client):
    make_member(username="reader")
    response = client.post(reverse("accounts:login"), {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    assert cookie_flags(response.cookies[settings.SESSION_COOKIE_NAME]) == EXPECTED_FLAGS


# --- methods -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["TRACE", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"])
def test_a_method_no_view_handles_is_refused_with_405(client, method):
    response = client.generic(method, "/en/")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    # Refused, but still with the headers every response carries.
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_methods_the_views_handle_still_work(client):
    assert client.get("/en/").status_code == 200
    head = client.head("/en/")
    assert head.status_code == 200
    assert head.content == b""
    assert client.options("/en/").status_code == 200
    member = make_member(username="reader")
    signed_in = client.post(
        reverse("accounts:login"), {"username": member.username, "password": PASSWORD}
    )
    assert signed_in.status_code == 302


@pytest.mark.django_db
def test_a_view_for_fewer_methods_still_refuses_the_others_itself(client):
    # require_POST: the middleware lets GET through, the view answers 405.
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405

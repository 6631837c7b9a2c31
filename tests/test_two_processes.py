"""Processes that share Redis share its limits and its news.

Two gunicorn processes serve the same database and the same Redis cache, as two
machines behind a load balancer would; a client alternating between them is held to
one limit, not one each, and a decision taken anywhere shows in both at once. These run
where REDIS_URL is set (the PostgreSQL + Redis run of .ci/run); with the local-memory
cache, each process counts alone by design.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings

from tests.accounts.factories import make_member
from tests.articles.factories import make_article
from tests.worker_process import database_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs a Redis cache shared by two processes (REDIS_URL); CI's PostgreSQL "
        "+ Redis run has it",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn process on a port of its own, sharing the database and Redis."""

    def __init__(self, **environment):
        self.port = free_port()
        env = {
            **os.environ,
            # Debug mode serves the static files without collecting them first; the
            # limits under test work the same either way.
            "DJANGO_DEBUG": "1",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(),
            "REDIS_URL": os.environ["REDIS_URL"],
            "DJANGO_LOG_LEVEL": "ERROR",
            **environment,
        }
        self.process = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
            [
                str(BIN / "gunicorn"),
                "newsroom.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def request(self, method, path, form=None, cookies=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Host": "127.0.0.1"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        if cookies is not None:
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def two_servers(request):
    environment = getattr(request, "param", {})
    servers = [Server(**environment), Server(**environment)]
    yield servers
    for server in servers:
        server.stop()


def hidden(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html).group(1))


def sign_in(server, username, password):
    cookies = {}
    _, page = server.request("GET", "/en/accounts/login/", cookies=cookies)
    form = {
        "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
        "username": username,
        "password": password,
    }
    status, _ = server.request("POST", "/en/accounts/login/", form, cookies=cookies)
    return status


def test_wrong_passwords_on_two_processes_count_towards_one_limit(two_servers, settings):
    member = make_member(username="targeted")
    first, second = two_servers
    limit = settings.SIGN_IN_FAILURE_LIMIT

    answers = [
        sign_in((first, second)[attempt % 2], member.username, "a-wrong-guess")
        for attempt in range(limit + 2)
    ]

    # Failures alternate between the processes, yet the wait begins after `limit` in all.
    assert answers == [200] * limit + [429, 429]
    # The right password on either process now waits as well.
    assert sign_in(first, member.username, "a-long-Unusual-passphrase-41") == 429
    assert sign_in(second, member.username, "a-long-Unusual-passphrase-41") == 429


def post_comment(server, article, n):
    cookies = {}
    _, page = server.request("GET", article.get_absolute_url(), cookies=cookies)
    form = {
        "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
        "issued": hidden(page, "issued"),
        "author_name": "Flooder",
        "author_email": "flooder@example.com",
        "body": f"Flood number {n}.",
        "website": "",
    }
    status, _ = server.request("POST", f"/en/comments/on/{article.pk}/", form, cookies=cookies)
    return status


@pytest.mark.parametrize(
    "two_servers",
    [{"NEWSROOM_COMMENTS_MIN_INTERVAL": "0", "NEWSROOM_COMMENTS_MAX_PER_HOUR": "4"}],
    indirect=True,
)
def test_the_hourly_comment_limit_holds_across_two_processes(two_servers):
    article = make_article()
    first, second = two_servers

    answers = [post_comment((first, second)[n % 2], article, n) for n in range(6)]

    assert answers == [302] * 4 + [429, 429]


@pytest.mark.parametrize("two_servers", [{"NEWSROOM_COMMENTS_MIN_INTERVAL": "60"}], indirect=True)
def test_the_gap_between_comments_holds_across_two_processes(two_servers):
    article = make_article()
    first, second = two_servers

    assert post_comment(first, article, 1) == 302
    assert post_comment(second, article, 2) == 429


def test_a_comment_approved_in_one_process_shows_at_once_in_both(two_servers):
    # Each process keeps a copy of the pages it served (articles.page_cache); the shared
    # generation still tells both at once that the page changed.
    from comments.models import Comment
    from comments.services import comments_decide
    from tests.comments.factories import PENDING, make_comment

    article = make_article()
    waiting = make_comment(article, status=PENDING, body="Worth approving, this one.")
    url = article.get_absolute_url()
    for server in two_servers:
        for _ in range(2):  # rendered, then served from the copy
            status, page = server.request("GET", url)
            assert status == 200
            assert "Worth approving, this one." not in page

    comments_decide(
        comments=Comment.objects.filter(pk=waiting.pk),
        status=Comment.Status.APPROVED,
        moderator=make_member(),
    )

    for server in two_servers:
        status, page = server.request("GET", url)
        assert status == 200
        assert "Worth approving, this one." in page

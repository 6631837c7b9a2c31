"""PostgreSQL stopped for real under a running site: a 503 page while it is away, and
pages again once it is back, without restarting the site.

The test starts a PostgreSQL server of its own (initdb in a temporary folder, on a free
port), so stopping it disturbs nothing else, and runs gunicorn against it the
production way. It runs where Debian's PostgreSQL server binaries are installed and the
suite runs on PostgreSQL (the second half of .ci/run).
"""

import contextlib
import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)

pytestmark = pytest.mark.skipif(
    PG_BIN is None
    or shutil.which("runuser") is None
    or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs Debian's PostgreSQL server binaries and the suite on PostgreSQL "
    "(the PostgreSQL run of .ci/run)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command: str) -> None:
    # PostgreSQL refuses to run as root; the machine's `postgres` account runs it.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True)  # noqa: S603


class PrivatePostgres:
    def __init__(self, folder: Path):
        self.data = folder / "data"
        self.port = free_port()
        as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                    "--auth=trust", "--no-sync")  # fmt: skip
        self.start()

    def start(self) -> None:
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.data / "log"),
            "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        )  # fmt: skip

    def stop(self) -> None:
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


def get(port: int, path: str) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def site_on_private_postgres():
    folder = Path(tempfile.mkdtemp(prefix="newsroom-outage-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    database = PrivatePostgres(folder)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback, as `make serve`.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": database.url,
        "REDIS_URL": "",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_LOG_LEVEL": "CRITICAL",
    }
    manage = [str(BIN / "python"), "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([*manage, *command, "-v0"], cwd=ROOT, env=env, check=True,  # noqa: S603
                       capture_output=True)  # fmt: skip
    server = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
        [str(BIN / "gunicorn"), "newsroom.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "critical"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield port, database
    finally:
        server.terminate()
        server.wait(timeout=20)
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            database.stop()
        shutil.rmtree(folder, ignore_errors=True)


def fresh(path: str) -> str:
    """`path` with a query no cache has seen, so the database must answer."""
    return f"{path}?q=outage-{secrets.token_hex(4)}"


def test_the_site_answers_503_while_postgresql_is_stopped_and_recovers(site_on_private_postgres):
    port, database = site_on_private_postgres
    assert get(port, fresh("/en/search/"))[0] == 200

    database.stop()
    answers = [get(port, fresh("/en/search/")) for _ in range(4)]

    for status, headers, body in answers:
        assert status == 503
        assert headers.get("Retry-After")
        assert "Newsroom" in body  # the site's own page, in its look
        assert "Traceback" not in body and "OperationalError" not in body

    database.start()
    # Back without restarting gunicorn: both workers answer again, each once its pool
    # has reconnected (a busy machine may take one a little longer than the other).
    deadline = time.monotonic() + 30
    statuses = []
    while statuses[-4:] != [200] * 4 and time.monotonic() < deadline:
        statuses.append(get(port, fresh("/en/search/"))[0])
        if statuses[-1] != 200:
            time.sleep(0.5)
    assert statuses[-4:] == [200] * 4, statuses

"""What `make bench` and `make soak` share: the site run the production way (gunicorn,
DJANGO_DEBUG=0) on a folder and database of their own, over loopback only."""

import http.client
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def configure_environment(var: Path, sqlite_name: str, **extra: str) -> None:
    """The production settings, pointed at `var` (and SQLite `sqlite_name` there unless
    DATABASE_URL is set), with `extra` environment variables on top."""
    var.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / sqlite_name}")
    os.environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on loopback, as `make serve`: no redirect to HTTPS, no HSTS, cookies
        # without the Secure flag (debug off turns all three on otherwise).
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(var / "staticfiles"),
        DJANGO_MEDIA_ROOT=str(var / "media"),
        DJANGO_SERVE_MEDIA="1",
        DJANGO_LOG_LEVEL="WARNING",
        # No mail leaves the machine (a guest's first comment asks for a confirmation).
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        # The flood limits are raised for the run; the moderation policy and the flood
        # check still run on every comment.
        NEWSROOM_COMMENTS_MIN_INTERVAL="0",
        NEWSROOM_COMMENTS_MAX_PER_HOUR="1000000000",
        **extra,
    )


def manage(*args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, check=True)


def start_gunicorn(
    *,
    name: str,
    port: int,
    workers: int,
    options=(),
    environment: dict | None = None,
    log: Path | None = None,
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port`, once it answers /healthz (else exit, naming `name`);
    `environment` is added to this process's for it alone; its output goes to `log` if
    given, else to this process's."""
    output = log.open("w") if log else None
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "newsroom.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, **environment} if environment else None,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    if output:
        output.close()  # the server holds its own copy
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    sys.exit(f"{name}: gunicorn did not answer /healthz within 15 seconds")


def start_worker(log: Path, environment: dict | None = None) -> subprocess.Popen:
    """One worker of the task queue, as `make serve` runs it (`manage.py run_worker
    --no-reload`), on the servers' settings plus `environment`; its output goes to `log`."""
    with log.open("w") as output:
        return subprocess.Popen(
            [str(BIN / "python"), "manage.py", "run_worker", "--no-reload"],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(environment or {})},
        )


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM, as a service manager stops it; SIGKILL if it is not gone in `timeout` s."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

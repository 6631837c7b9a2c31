"""A real worker of the task queue (`manage.py run_worker`) in a process of its own, run
by a test against the test database (a transactional test: the worker must see what the
test commits), and stopped by it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database, as a URL another process's settings understand."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """`manage.py run_worker` on the test database, with the database task backend."""

    def __init__(self, *args: str, **environment: str):
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DATABASE_URL": database_url(),
            "NEWSROOM_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "DJANGO_LOG_LEVEL": "INFO",
            **environment,
        }
        self.process = subprocess.Popen(  # noqa: S603 (the project's own manage.py)
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
                *args,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def kill(self) -> None:
        """SIGKILL: no goodbye, the job it runs left as it was."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> str:
        """Stop it (SIGTERM, then SIGKILL) and return everything it wrote."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        output, _ = self.process.communicate(timeout=10)
        return output or ""

    def wait(self, timeout: float = 30) -> str:
        """Wait for a worker started with --batch to finish; its output."""
        output, _ = self.process.communicate(timeout=timeout)
        return output or ""


def wait_until(condition, *, timeout: float = 30, every: float = 0.1) -> bool:
    """Poll `condition()` until it is true or `timeout` seconds pass; whether it came true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())

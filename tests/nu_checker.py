"""The Nu HTML checker (vnu.jar from the vnu-jar npm package) as a local web service.

Starting Java costs seconds, checking one page a few milliseconds, so one checker serves
a whole test module: `NuChecker.start()` runs it on a free loopback port, `errors(html)`
posts a page to it and `stop()` ends the process. `make tools` installs both parts: the
jar with `npm ci`, Java from Debian's default-jre-headless.
"""

import json
import shutil
import socket
import subprocess  # nosec B404
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Finding:
    """One error the checker reported, with where it is and the markup around it."""

    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}\n    {self.extract.strip()}"


def missing_parts() -> str:
    """Why the checker cannot run here, or "" when it can."""
    if shutil.which("java") is None:
        return "Java is missing: run `make tools` (installs Debian's default-jre-headless)"
    if not JAR.is_file():
        return f"{JAR} is missing: run `make tools` (npm ci installs vnu-jar)"
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NuChecker:
    def __init__(self, process: subprocess.Popen, url: str) -> None:
        self._process = process
        self.url = url

    @classmethod
    def start(cls) -> "NuChecker":
        port = _free_port()
        process = subprocess.Popen(  # noqa: S603  # nosec B603
            [
                shutil.which("java") or "java",
                "-Xss1m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(JAR),
                "nu.validator.servlet.Main",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        checker = cls(process, f"http://127.0.0.1:{port}/?out=json")
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                checker.errors("<!doctype html><html lang=en><title>up</title>")
                return checker
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    checker.stop()
                    raise RuntimeError("The Nu HTML checker did not start") from None
                time.sleep(0.25)

    def errors(self, html: str) -> list[Finding]:
        """The errors (not warnings or notes) the checker finds in the document `html`."""
        request = urllib.request.Request(  # noqa: S310  (a loopback URL built above)
            self.url,
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310
            report = json.load(response)
        return [
            Finding(message.get("lastLine", 0), message["message"], message.get("extract", ""))
            for message in report["messages"]
            if message["type"] == "error" or message.get("subType") == "fatal"
        ]

    def stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

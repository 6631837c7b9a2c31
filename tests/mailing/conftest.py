"""Mail servers the mailing tests run on loopback: a working one, and one that hangs."""

import socket
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What a real SMTP server (aiosmtpd, in a thread of this process) was given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


class SilentServer:
    """Takes every TCP connection and never says a word: a mail server that hangs.

    An SMTP client waits for the server's greeting until its own timeout runs out.
    """

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, name="silent-smtp", daemon=True)
        self.thread.start()

    def _accept(self):
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections.append(connection)

    def stop(self):
        self.stopping.set()
        self.thread.join()
        for connection in self.connections:
            connection.close()
        self.listener.close()


def smtp_mailers(port: int, timeout: float = 5) -> dict:
    """MAILERS sending by SMTP to 127.0.0.1:`port`, as production's settings do."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.fixture
def smtp_server():
    """A working SMTP server on a free port of 127.0.0.1; `.port`, and `.inbox.messages`."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.inbox = inbox
    yield controller
    controller.stop()


@pytest.fixture
def silent_smtp_server():
    server = SilentServer()
    yield server
    server.stop()

"""A real SMTP server on loopback for the benchmark and the soak (aiosmtpd, in a thread):
it keeps every message it accepts, and can be slow, taking `delay` seconds over each.

The mail of the site goes to it through the site's own SMTP settings
(DJANGO_EMAIL_HOST, DJANGO_EMAIL_PORT: see `environment()`).
"""

import asyncio
import socket
import threading
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


class _Keeper:
    """aiosmtpd's handler: wait `delay` seconds, then keep the message."""

    def __init__(self, delay: float):
        self.delay = delay
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Start with `with Mailbox(delay=1.0) as mailbox:`; `mailbox.messages` is what came."""

    def __init__(self, *, delay: float = 0.0, port: int | None = None):
        self.port = port or free_port()
        self._keeper = _Keeper(delay)
        self._controller = Controller(self._keeper, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> "Mailbox":
        self._controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._controller.stop()

    @property
    def delay(self) -> float:
        """Seconds taken over each message; set it to make the server slow or fast again."""
        return self._keeper.delay

    @delay.setter
    def delay(self, seconds: float) -> None:
        self._keeper.delay = seconds

    @property
    def messages(self) -> list[Message]:
        with self._keeper.lock:
            return list(self._keeper.messages)

    def environment(self) -> dict[str, str]:
        """The settings that send the site's mail here."""
        return {
            "DJANGO_EMAIL_BACKEND": "",
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(self.port),
            "DJANGO_EMAIL_USE_TLS": "0",
        }

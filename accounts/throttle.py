"""Throttling failed sign-ins, per account and per client address, in the cache.

Counts live in Django's cache, so with Redis as the cache every process shares them.
A window opens at the first failure and lasts SIGN_IN_LOCKOUT_SECONDS; once either
count reaches SIGN_IN_FAILURE_LIMIT, sign-in is refused (even with the right
password) until the window closes. A successful sign-in clears the account's count
but not the address's, so one good account cannot be used to reset the count of an
address that is guessing at others.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.crypto import salted_hmac

KEY_PREFIX = "sign-in-failures"


def client_address(request) -> str:
    """The address the request came from.

    Behind PROXY_COUNT trusted proxies, each appending to X-Forwarded-For, the client is
    that many entries from the right: anything further left was written by the client
    and could be forged. With no proxy, REMOTE_ADDR is the client.
    """
    if request is None:
        return ""
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def count_in_window(key: str, *, seconds: int) -> None:
    """Add one to a cache counter whose window opens at its first count.

    add() starts the window only when the key is new; incr() keeps its expiry (on
    Redis as in local memory), so the window does not slide with every count.
    """
    cache.add(key, 0, timeout=seconds)
    try:
        cache.incr(key)
    except ValueError:  # the window closed between add() and incr()
        cache.set(key, 1, timeout=seconds)


def _digest(value: str) -> str:
    """A keyed hash for cache keys: whoever reads the cache cannot try every address."""
    return salted_hmac(KEY_PREFIX, value, algorithm="sha256").hexdigest()[:32]


@dataclass
class SignInAttempt:
    """One sign-in: what was typed as the username, from which address."""

    identifier: str
    address: str

    @classmethod
    def from_request(cls, request, identifier: str) -> "SignInAttempt":
        return cls(identifier=identifier or "", address=client_address(request))

    @cached_property
    def _account_key(self) -> str:
        # The account itself, however its name or address was typed, so changing the
        # case or switching to the email address does not start a fresh count.
        user = get_user_model().objects.find_for_sign_in(self.identifier)
        subject = f"user:{user.pk}" if user else f"name:{self.identifier.strip().lower()}"
        return f"{KEY_PREFIX}:account:{_digest(subject)}"

    def _address_key(self) -> str:
        return f"{KEY_PREFIX}:address:{_digest(self.address)}"

    def _keys(self) -> list[str]:
        return [self._account_key, self._address_key()]

    def is_throttled(self) -> bool:
        counts = cache.get_many(self._keys())
        return any(count >= settings.SIGN_IN_FAILURE_LIMIT for count in counts.values())

    def record_failure(self) -> None:
        for key in self._keys():
            count_in_window(key, seconds=settings.SIGN_IN_LOCKOUT_SECONDS)

    def record_success(self) -> None:
        cache.delete(self._account_key)

"""Throttling failed sign-ins without handing strangers a way to lock the owner out.

Three counts live in Django's cache (so with Redis every process shares them), each for
a window of SIGN_IN_LOCKOUT_SECONDS that opens at its first failure:

- per account *and* client address: after SIGN_IN_FAILURE_LIMIT failures that pair is
  refused until its window closes. Whoever guesses at an account from one address stops
  there, while the owner elsewhere, and colleagues signing into their own accounts from
  the same office address, carry on;
- per client address, over every account: after SIGN_IN_ADDRESS_FAILURE_LIMIT failures
  the address is refused whichever account it names, so one address cannot spray
  guesses across many accounts. The limit is set high enough for a newsroom behind a
  single office address;
- per account, over every address: never a refusal (any stranger could then keep any
  moderator out), only a slow-down. Past SIGN_IN_ACCOUNT_SLOWDOWN_AFTER failures each
  attempt on the account waits before its password is checked, one second doubling
  with every further failure up to SIGN_IN_ACCOUNT_MAX_DELAY: guessing from many
  addresses at once slows down, and the owner still gets in, a few seconds later.

A refused attempt is neither checked nor counted. A success clears its own pair's
count, never the address's (one good account must not let an address go on guessing at
others) nor the account's (those failures came from elsewhere). A password reset link
never meets the throttle; using it clears the account's count and its pair's.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from throttling.clients import client_address
from throttling.windows import count_in_window, forget_window, seconds_left

KEY_PREFIX = "sign-in-failures"


def keyed_hash(value: str) -> str:
    """A keyed hash for cache keys: whoever reads the cache cannot try every address."""
    return salted_hmac(KEY_PREFIX, value, algorithm="sha256").hexdigest()[:32]


@dataclass(frozen=True)
class Verdict:
    """What the throttle says of one attempt before its password is checked."""

    # Seconds until the attempt may be made: above 0, it is refused (HTTP 429).
    retry_after: int
    # Seconds to wait before checking the password of an attempt that is not refused.
    delay: float


@dataclass
class SignInAttempt:
    """One sign-in: what was typed as the username, from which address."""

    identifier: str
    address: str

    @classmethod
    def from_request(cls, request, identifier: str) -> "SignInAttempt":
        return cls(identifier=identifier or "", address=client_address(request))

    @cached_property
    def _account(self) -> str:
        # The account itself, however its name or address was typed, so changing the
        # case or switching to the email address does not start a fresh count.
        user = get_user_model().objects.find_for_sign_in(self.identifier)
        return f"user:{user.pk}" if user else f"name:{self.identifier.strip().lower()}"

    @property
    def _pair_key(self) -> str:
        return f"{KEY_PREFIX}:pair:{keyed_hash(f'{self._account} from {self.address}')}"

    @property
    def _address_key(self) -> str:
        return f"{KEY_PREFIX}:address:{keyed_hash(self.address)}"

    @property
    def _account_key(self) -> str:
        return f"{KEY_PREFIX}:account:{keyed_hash(self._account)}"

    def verdict(self) -> Verdict:
        """Whether this attempt is refused (and for how long), or how long it waits."""
        counts = cache.get_many([self._pair_key, self._address_key, self._account_key])
        limits = {
            self._pair_key: settings.SIGN_IN_FAILURE_LIMIT,
            self._address_key: settings.SIGN_IN_ADDRESS_FAILURE_LIMIT,
        }
        retry_after = max(
            (
                seconds_left(key, window=settings.SIGN_IN_LOCKOUT_SECONDS)
                for key, limit in limits.items()
                if counts.get(key, 0) >= limit
            ),
            default=0,
        )
        beyond = counts.get(self._account_key, 0) - settings.SIGN_IN_ACCOUNT_SLOWDOWN_AFTER
        # The exponent is capped: a long siege must not overflow the float.
        delay = (
            0.0 if beyond < 0 else min(settings.SIGN_IN_ACCOUNT_MAX_DELAY, 2.0 ** min(beyond, 30))
        )
        return Verdict(retry_after=retry_after, delay=delay)

    def record_failure(self) -> None:
        for key in (self._pair_key, self._address_key, self._account_key):
            count_in_window(key, seconds=settings.SIGN_IN_LOCKOUT_SECONDS)

    def record_success(self) -> None:
        forget_window(self._pair_key)

    def record_reset(self) -> None:
        """The owner proved the account's email address: its failures no longer count."""
        forget_window(self._pair_key, self._account_key)

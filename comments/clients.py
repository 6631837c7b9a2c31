"""Who is posting, as far as the site keeps it: a keyed hash of the address, never the address."""

import hashlib
import hmac

from django.conf import settings

from accounts.throttle import client_address


def address_hash(request) -> str:
    """HMAC-SHA256 of the client's address under COMMENTS_ADDRESS_KEY.

    Enough to count a client's comments, show moderators which comments share an
    address, and (later) ban one; the address itself cannot be read back from it.
    """
    key = settings.COMMENTS_ADDRESS_KEY.encode()
    return hmac.new(key, client_address(request).encode(), hashlib.sha256).hexdigest()

"""Who is posting, as far as the site keeps it: a keyed hash of the address, never the address."""

import hashlib
import hmac

from django.conf import settings

from throttling.clients import client_address


def hash_address(address: str, key: str) -> str:
    return hmac.new(key.encode(), address.encode(), hashlib.sha256).hexdigest()


def address_hashes(request) -> list[str]:
    """The address's HMAC-SHA256 under COMMENTS_ADDRESS_KEY, then under each old key still
    accepted. Enough to count a client's comments, show moderators which comments share
    an address, and ban one; the address itself cannot be read back from it.

    Bans made before a key rotation hold the old hash; matching on every accepted key
    keeps them in force until they are re-keyed (see services.commenter_standing).
    """
    address = client_address(request)
    keys = [settings.COMMENTS_ADDRESS_KEY, *settings.COMMENTS_ADDRESS_KEY_FALLBACKS]
    return [hash_address(address, key) for key in keys]

"""The client behind a request, as far as the proxies in front can be trusted."""

from django.conf import settings


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

"""Project-wide middleware: response headers Django has no setting for."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Send a Permissions-Policy header that turns off every feature in PERMISSIONS_POLICY.

    `feature=()` is an empty allow-list: neither this site nor anything it embeds may use
    the feature, so an injected script cannot, say, ask for the reader's location.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response

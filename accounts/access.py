"""Who may open the staff's pages: signed out, sign in first; signed in without the role, 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse


def role_required(permission: str, *, return_to: str = ""):
    """Guard a staff view with `permission`, the way a person arriving there needs.

    A signed-out visitor (a moderator following a link, or one whose session ended) is
    sent to sign in, with `next` bringing them back; a signed-in member without the
    permission gets the 403 page. A view that only takes POST names in `return_to` the
    page its form lives on (a URL name): after signing in, that page is where to go
    again, since the browser's second visit is a GET.
    """

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                back = reverse(return_to) if return_to else request.get_full_path()
                return redirect_to_login(back)
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator

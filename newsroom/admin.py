from django.conf import settings
from django.contrib import admin

from accounts.forms import AdminSignInForm


class NewsroomAdminSite(admin.AdminSite):
    """The editors' and moderators' desk, signing in under the site's sign-in throttle."""

    site_header = f"{settings.SITE_NAME} desk"
    site_title = settings.SITE_NAME
    index_title = "Newsroom desk"
    login_form = AdminSignInForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = getattr(response, "context_data", {}).get("form")
        if isinstance(form, AdminSignInForm) and form.is_bound and form.is_throttled:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response

from django.contrib import admin

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Read only: what the site mailed, what waits, and what failed for good.

    The bodies are never shown (a waiting password-reset mail is a key to an account);
    the subject, recipient and last error say enough to act on a failure.
    """

    list_display = ("created_at", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status",)
    search_fields = ("recipient", "subject", "key")
    date_hierarchy = "created_at"
    fields = (
        "recipient",
        "sender",
        "subject",
        "key",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

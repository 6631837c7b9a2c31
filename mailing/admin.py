from django.contrib import admin

from .models import OutgoingMail

# The key of the mails that confirm a guest's address (see comments.guests).
GUEST_CONFIRMATION_PREFIX = "comment-confirm:"


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

    def get_queryset(self, request):
        """Administrators see every mail; others (moderators) only the confirmations of
        guests' comments: the rest name members, whose addresses are not theirs to see."""
        mails = super().get_queryset(request)
        if request.user.is_superuser:
            return mails
        return mails.filter(key__startswith=GUEST_CONFIRMATION_PREFIX)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin, messages
from django.utils import timezone

from .caching import comments_changed
from .models import (
    Ban,
    BlockedWord,
    Comment,
    CommentVersion,
    ModerationEvent,
    ModerationReason,
    Report,
)
from .services import (
    DECISION_ACTIONS,
    ban_lift,
    comment_text_replaced,
    comments_decide,
    log_ban,
)


def can_moderate(request) -> bool:
    return request.user.has_perm("comments.moderate_comment")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = CommentVersion
    fields = ("written_at", "replaced_at", "body")
    verbose_name_plural = "Earlier versions (before the author edited it)"


class EventInline(ReadOnlyInline):
    model = ModerationEvent
    fk_name = "comment"
    fields = ("at", "action", "actor_name", "status_before", "status_after", "reason_label", "note")
    verbose_name_plural = "History"


class ReportInline(ReadOnlyInline):
    model = Report
    fields = ("reported_at", "reason", "note", "resolved_at")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "author_name",
        "short_body",
        "article",
        "status",
        "reasons_held",
        "fingerprint",
        "submitted_at",
        "decided_by",
    )
    list_filter = ("status", "submitted_at")
    list_select_related = ("article", "decided_by")
    search_fields = ("author_name", "author_email", "body", "article__headline")
    date_hierarchy = "submitted_at"
    raw_id_fields = ("article", "parent", "user")
    readonly_fields = (
        "fingerprint",
        "link_count",
        "reasons_held",
        "edited_at",
        "decided_by",
        "decided_at",
    )
    fields = (
        "article",
        "parent",
        "user",
        "author_name",
        "author_email",
        "body",
        "status",
        "reasons_held",
        "link_count",
        "fingerprint",
        "submitted_at",
        "edited_at",
        "decided_by",
        "decided_at",
    )
    inlines = (ReportInline, VersionInline, EventInline)
    actions = ("approve", "reject", "mark_spam")

    # Guests' email addresses are for moderators' eyes only; editors may read comments.
    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if can_moderate(request) else [f for f in fields if f != "author_email"]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return fields if can_moderate(request) else [f for f in fields if f != "author_email"]

    @admin.display(description="Comment")
    def short_body(self, comment):
        return comment.body[:80]

    @admin.display(description="Held because")
    def reasons_held(self, comment):
        return ", ".join(comment.get_held_reasons_display()) or "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "status" in form.base_fields:
            # A moderator decides (approve, reject, spam, back to the queue); confirming
            # and withdrawing are the commenter's to do. The current status stays listed.
            current = obj.status if obj else None
            form.base_fields["status"].choices = [
                (value, label)
                for value, label in Comment.Status.choices
                if value in DECISION_ACTIONS or value == current
            ]
        return form

    def save_model(self, request, obj, form, change):
        new_status = obj.status
        if change and "status" in form.changed_data:
            # The decision goes through the same path as the queue's, and is logged.
            obj.status = form.initial["status"]
        if change and "body" in form.changed_data:
            comment_text_replaced(comment=obj, before=form.initial["body"], moderator=request.user)
        super().save_model(request, obj, form, change)
        if change and "status" in form.changed_data:
            comments_decide(
                comments=Comment.objects.filter(pk=obj.pk),
                status=new_status,
                moderator=request.user,
            )
            obj.refresh_from_db()
        elif not change and obj.status == Comment.Status.APPROVED:
            obj.decided_by, obj.decided_at = request.user, timezone.now()
            obj.save(update_fields=["decided_by", "decided_at"])
        # The article it was on before too, should the moderator have moved it.
        moved_from = form.initial.get("article")
        comments_changed([obj.article_id, *([moved_from] if moved_from else [])])

    def has_moderate_permission(self, request):
        return can_moderate(request)

    def _decide(self, request, queryset, status, label):
        changed = comments_decide(comments=queryset, status=status, moderator=request.user)
        self.message_user(request, f"{changed} comment(s) {label}.", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        self._decide(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Reject selected comments", permissions=["moderate"])
    def reject(self, request, queryset):
        self._decide(request, queryset, Comment.Status.REJECTED, "rejected")

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._decide(request, queryset, Comment.Status.SPAM, "marked as spam")


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    list_display = ("word", "added_at")
    search_fields = ("word",)


@admin.register(ModerationReason)
class ModerationReasonAdmin(admin.ModelAdmin):
    list_display = ("label", "explanation", "position", "active")
    list_editable = ("position", "active")
    search_fields = ("label",)


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    """Bans are made from the queue (or here) and lifted, never deleted: the record stays."""

    list_display = ("__str__", "kind", "period", "reason", "created_by", "created_at", "lifted_at")
    list_filter = ("kind", "created_at")
    list_select_related = ("user", "reason", "created_by")
    search_fields = ("email", "user__username", "note")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "created_by", "lifted_at", "lifted_by")
    actions = ("lift",)

    @admin.display(description="Period")
    def period(self, ban):
        return ban.period_display()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            log_ban(ban=obj, moderator=request.user)

    @admin.action(description="Lift selected bans")
    def lift(self, request, queryset):
        lifted = 0
        for ban in queryset.filter(lifted_at__isnull=True):
            ban_lift(ban=ban, moderator=request.user)
            lifted += 1
        self.message_user(request, f"{lifted} ban(s) lifted.", messages.SUCCESS)


class ViewOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ViewOnlyAdmin):
    list_display = ("comment", "reason", "reported_at", "resolved_at")
    list_filter = ("reason", "resolved_at")
    list_select_related = ("comment",)


@admin.register(ModerationEvent)
class ModerationEventAdmin(ViewOnlyAdmin):
    """The append-only log, to read."""

    list_display = (
        "at",
        "action",
        "actor_name",
        "comment",
        "status_before",
        "status_after",
        "reason_label",
    )
    list_filter = ("action", "at")
    list_select_related = ("comment",)
    search_fields = ("actor_name", "note", "reason_label")
    date_hierarchy = "at"

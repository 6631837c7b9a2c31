from django.contrib import admin, messages
from django.utils import timezone

from .caching import comments_changed
from .models import BlockedWord, Comment
from .services import comments_decide


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
    readonly_fields = ("fingerprint", "link_count", "reasons_held", "decided_by", "decided_at")
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
        "decided_by",
        "decided_at",
    )
    actions = ("approve", "reject", "mark_spam")

    @admin.display(description="Comment")
    def short_body(self, comment):
        return comment.body[:80]

    @admin.display(description="Held because")
    def reasons_held(self, comment):
        return ", ".join(comment.get_held_reasons_display()) or "—"

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.decided_by = request.user
            obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)
        # The article it was on before too, should the moderator have moved it.
        moved_from = form.initial.get("article")
        comments_changed([obj.article_id, *([moved_from] if moved_from else [])])

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

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

"""The editors' desk: articles, photos, authors, sections and tags in the Django admin."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from .forms import PhotoAdminForm
from .models import Article, Author, Photo, Section, Tag

TIME_ZONE_NOTE = f"Times are in the site's time zone ({settings.TIME_ZONE})."


def _thumbnail(photo, size=80):
    if not photo:
        return "—"
    height = round(size * photo.height / photo.width) if photo.width else size
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="thumbnail">',
        photo.thumbnail_url,
        photo.alt_text,
        size,
        height,
    )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


class RenditionsFilter(admin.SimpleListFilter):
    """Photos whose resized copies are made, or still waiting for a worker to make them."""

    title = "renditions"
    parameter_name = "renditions"

    def lookups(self, request, model_admin):
        return [("ready", "Ready"), ("waiting", "Waiting")]

    def queryset(self, request, queryset):
        if self.value() == "ready":
            return queryset.renditions_ready()
        if self.value() == "waiting":
            return queryset.waiting_for_renditions()
        return queryset


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = (
        "thumbnail",
        "caption",
        "credit",
        "dimensions",
        "renditions_state",
        "uploaded_at",
    )
    list_filter = (RenditionsFilter,)
    search_fields = ("caption", "credit", "alt_text", "photographer")
    readonly_fields = ("preview", "dimensions", "renditions_detail", "uploaded_at")
    actions = ("make_missing_renditions",)
    fields = (
        "image",
        "preview",
        "alt_text",
        "caption",
        "credit",
        "photographer",
        "copyright_notice",
        "dimensions",
        "renditions_detail",
        "uploaded_at",
    )

    @admin.display(description="Photo")
    def thumbnail(self, photo):
        return _thumbnail(photo)

    @admin.display(description="Preview")
    def preview(self, photo):
        return _thumbnail(photo if photo.pk else None, size=320)

    @admin.display(description="Size in pixels")
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else "—"

    @admin.display(description="Renditions")
    def renditions_state(self, photo):
        return "Ready" if photo.renditions_ready else "Waiting"

    @admin.display(description="Renditions")
    def renditions_detail(self, photo):
        if not photo.pk:
            return "—"
        if not photo.renditions_ready:
            return (
                "Waiting: the resized copies are being made. Until they are ready, pages "
                "show the original, scaled down."
            )
        widths = sorted({r["width"] for r in photo.renditions})
        return f"Ready: {', '.join(map(str, widths))} px wide, in JPEG and WebP."

    @admin.action(
        description="Make the missing renditions of the selected photos", permissions=["change"]
    )
    def make_missing_renditions(self, request, queryset):
        waiting = list(queryset.waiting_for_renditions())
        for photo in waiting:
            photo.request_renditions()
        message = ngettext(
            "%(count)d photo will get its renditions shortly.",
            "%(count)d photos will get their renditions shortly.",
            len(waiting),
        ) % {"count": len(waiting)}
        if ready := queryset.count() - len(waiting):
            message += f" {ready} had them already."
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    # Four columns beside the admin's two sidebars fit a 1280 px laptop: a small photo,
    # the headline widest (two lines at most, static/css/admin/articles.css), section and
    # byline together, the state over its time.
    list_display = ("thumbnail", "headline", "section_and_byline", "publication")
    list_display_links = ("headline",)
    list_filter = ("status", "section", "published_at", "authors")
    list_select_related = ("section", "lead_photo")
    search_fields = ("headline", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("authors", "tags", "lead_photo")
    readonly_fields = ("preview_link", "created_at", "modified_at")
    actions = ("publish_selected", "unpublish_selected")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "section", "authors")}),
        ("Body", {"fields": ("dateline", "body", "lead_photo", "tags")}),
        (
            "Publishing",
            {
                "fields": ("status", "published_at", "comments_enabled", "preview_link"),
                "description": TIME_ZONE_NOTE,
            },
        ),
        (
            "Corrections and updates",
            {"fields": ("update_note", "updated_at"), "classes": ("collapse",)},
        ),
        ("Record", {"fields": ("created_at", "modified_at"), "classes": ("collapse",)}),
    )

    class Media:
        css = {"all": ["css/admin/articles.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("pk", "name")))
        )

    def view_on_site(self, article):
        return article.get_absolute_url() if article.is_published() else article.get_preview_url()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("published_at", "updated_at") and field is not None:
            field.help_text = f"{db_field.help_text} {TIME_ZONE_NOTE}".strip()
        return field

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "published_at"]
        return fields

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    @admin.display(description="State")
    def state(self, article):
        if article.status == Article.Status.DRAFT:
            return "Draft"
        return "Published" if article.is_published() else "Scheduled"

    @admin.display(description="Publication", ordering="published_at")
    def publication(self, article):
        if not article.published_at:
            return self.state(article)
        when = formats.date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
        return format_html(
            '<span class="article-state">{}</span> <span class="article-time">{}</span>',
            self.state(article),
            when,
        )

    @admin.display(description="Section and byline", ordering="section__name")
    def section_and_byline(self, article):
        names = [author.name for author in article.author_list]
        if len(names) > 1:
            byline = f"{names[0]} and {len(names) - 1} more"
        else:
            byline = "".join(names) or "No byline"
        return format_html(
            '<span class="article-section">{}</span> <span class="article-byline" title="{}">'
            "{}</span>",
            article.section,
            article.byline,
            byline,
        )

    @admin.display(description="Photo")
    def thumbnail(self, article):
        return _thumbnail(article.lead_photo, size=64)

    @admin.display(description="Preview")
    def preview_link(self, article):
        if not article.pk:
            return "Save the article to preview it."
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as readers will see it</a>',
            article.get_preview_url(),
        )

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        now = timezone.now()
        count = 0
        for article in queryset.filter(status=Article.Status.DRAFT):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save(update_fields=["status", "published_at", "modified_at"])
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        # One save() each, not a bulk update(): whatever listens for an article changing
        # (the comments sidebar, the page caches) hears of every one.
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save(update_fields=["status", "modified_at"])
            count += 1
        self.message_user(request, f"Returned {count} article(s) to draft.", messages.SUCCESS)

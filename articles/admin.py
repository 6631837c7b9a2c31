"""The editors' desk: articles, photos, authors, sections and tags in the Django admin."""

from collections import defaultdict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, gettext_lazy, ngettext

from . import editions, services
from .forms import ArticleAdminForm, PhotoAdminForm, SectionAdminForm, TranslateForm
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


def _isolated(text: str) -> str:
    """Text an editor wrote, set apart from the sentence around it: an Arabic headline in
    an English message keeps its own direction, and the quotes stay where they belong."""
    return format_html("<bdi>{}</bdi>", text)


def _edition_order(code: str) -> int:
    codes = editions.codes()
    return codes.index(code) if code in codes else len(codes)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    form = SectionAdminForm
    list_display = ("name", "language", "slug", "order", "counterparts")
    list_editable = ("order",)
    list_filter = ("language",)
    fields = ("language", "name", "slug", "order", "counterpart_of")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)

    def get_queryset(self, request):
        # Whether the section has a counterpart in each edition, with the rows themselves.
        return (
            super()
            .get_queryset(request)
            .annotate(
                **{
                    f"in_{code}": Exists(
                        Section.objects.filter(
                            translation_key=OuterRef("translation_key"), language=code
                        )
                    )
                    for code in editions.codes()
                }
            )
        )

    def lookup_allowed(self, lookup, value, request):
        # The "Also in" column links to a section's counterparts: the list by its key.
        return lookup == "translation_key" or super().lookup_allowed(lookup, value, request)

    @admin.display(description=gettext_lazy("Also in"))
    def counterparts(self, section):
        names = [
            editions.display_name(code)
            for code in editions.codes()
            if code != section.language and getattr(section, f"in_{code}", False)
        ]
        if not names:
            return "—"
        query = urlencode({"translation_key": section.translation_key})
        return format_html(
            '<a href="{}?{}" title="{}">{}</a>',
            reverse("admin:articles_section_changelist"),
            query,
            gettext("This section in every edition"),
            ", ".join(names),
        )


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


class SectionListFilter(admin.RelatedFieldListFilter):
    """Sections with their edition's code ("World (ar)"): the same name may be in several
    editions. Once the list is filtered by edition, only that edition's sections."""

    def field_choices(self, field, request, model_admin):
        sections = Section.objects.only("pk", "name", "language")
        if language := request.GET.get("language__exact"):
            return [(section.pk, section.name) for section in sections.filter(language=language)]
        sections = sorted(sections, key=lambda section: _edition_order(section.language))
        return [(section.pk, f"{section.name} ({section.language})") for section in sections]


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
    # the headline widest (two lines at most, static/css/admin/articles.css), the edition's
    # code, section and byline together, the state over its time.
    list_display = ("thumbnail", "headline", "section_and_byline", "publication")
    list_display_links = ("headline",)
    list_filter = ("status", "language", ("section", SectionListFilter), "published_at", "authors")
    list_select_related = ("section", "lead_photo")
    search_fields = ("headline", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("authors", "tags", "lead_photo")
    readonly_fields = ("versions", "preview_link", "created_at", "modified_at")
    actions = ("publish_selected", "unpublish_selected", "translate_selected")
    form = ArticleAdminForm
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "headline",
                    "slug",
                    "standfirst",
                    "language",
                    "section",
                    "authors",
                    "versions",
                )
            },
        ),
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

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        # A new article has no versions in other editions yet.
        first, *rest = super().get_fieldsets(request, obj)
        name, options = first
        fields = tuple(field for field in options["fields"] if field != "versions")
        return [(name, {**options, "fields": fields}), *rest]

    def get_urls(self):
        # Before the admin's own: its "<object_id>/" pattern would take ".../translate/".
        return [
            path(
                "<path:object_id>/translate/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

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
            return gettext("Draft")
        return gettext("Published") if article.is_published() else gettext("Scheduled")

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

    @admin.display(description=gettext_lazy("Section and byline"), ordering="section__name")
    def section_and_byline(self, article):
        names = [author.name for author in article.author_list]
        if len(names) > 1:
            byline = gettext("%(first)s and %(count)d more") % {
                "first": names[0],
                "count": len(names) - 1,
            }
        else:
            byline = "".join(names) or gettext("No byline")
        # The edition as its code before the section's name: narrow enough for the column.
        return format_html(
            '<span class="article-section"><abbr class="article-edition" title="{}">{}</abbr> '
            '<bdi>{}</bdi></span> <span class="article-byline" title="{}">{}</span>',
            editions.display_name(article.language),
            article.language,
            article.section,
            article.byline,
            byline,
        )

    @admin.display(description=gettext_lazy("In other editions"))
    def versions(self, article):
        if not article.pk:
            return "—"
        others = sorted(
            Article.objects.filter(translation_key=article.translation_key)
            .exclude(pk=article.pk)
            .only("pk", "headline", "language", "status", "published_at"),
            key=lambda version: _edition_order(version.language),
        )
        if not others:
            return gettext("None yet.")
        return format_html(
            '<ul class="article-versions">{}</ul>',
            format_html_join(
                "",
                '<li>{}: <a href="{}"><bdi>{}</bdi></a> ({})</li>',
                (
                    (
                        editions.display_name(version.language),
                        reverse("admin:articles_article_change", args=[version.pk]),
                        version.headline,
                        self.state(version),
                    )
                    for version in others
                ),
            ),
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

    # --- translating into another edition ---------------------------------------------------

    @admin.action(
        description=gettext_lazy("Translate selected articles into another edition"),
        permissions=["add"],
    )
    def translate_selected(self, request, queryset):
        return self._translate(request, list(queryset.select_related("section")), single=False)

    def translate_view(self, request, object_id):
        """The change page's "Translate" link: the same choice, for this one article."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, article)):
            raise PermissionDenied
        return self._translate(request, [article], single=True)

    def _translate(self, request, articles, *, single):
        """Ask which edition to translate `articles` into (a page like the delete
        confirmation) and, once the editor has chosen, make the drafts."""
        languages = {article.language for article in articles}
        form = TranslateForm(
            request.POST if request.method == "POST" and "post" in request.POST else None,
            exclude=next(iter(languages)) if len(languages) == 1 else None,
        )
        if form.is_valid():
            return self._make_drafts(request, articles, form.cleaned_data["edition"], single)

        in_editions = defaultdict(set)
        for key, language in Article.objects.filter(
            translation_key__in={article.translation_key for article in articles}
        ).values_list("translation_key", "language"):
            in_editions[key].add(language)
        rows = [
            (
                article,
                editions.display_name(article.language),
                [
                    editions.display_name(code)
                    for code in editions.codes()
                    if code in in_editions[article.translation_key] and code != article.language
                ],
            )
            for article in articles
        ]
        change_url = reverse("admin:articles_article_change", args=[articles[0].pk])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Translate into another edition"),
            "rows": rows,
            "form": form,
            "single": single,
            "original": articles[0] if single else None,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": change_url if single else request.get_full_path(),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/translate.html", context)

    def _make_drafts(self, request, articles, language, single):
        edition = editions.display_name(language)
        drafts = []
        for article in articles:
            try:
                drafts.append(services.article_translate(article=article, language=language))
            except services.TranslationRefused as refusal:
                self.message_user(
                    request, self._refusal_message(request, refusal), messages.WARNING
                )
        if len(articles) == 1 and drafts:
            self.message_user(
                request,
                format_html(
                    gettext(
                        "Made a draft of “{headline}” in the {edition} edition. Its headline, "
                        "standfirst and body are still the original’s: translate them, then "
                        "publish it."
                    ),
                    headline=_isolated(articles[0].headline),
                    edition=edition,
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[drafts[0].pk])
            )
        if drafts:
            self.message_user(
                request,
                ngettext(
                    "Made %(count)d draft in the %(edition)s edition; translate it before "
                    "publishing.",
                    "Made %(count)d drafts in the %(edition)s edition; translate them before "
                    "publishing.",
                    len(drafts),
                )
                % {"count": len(drafts), "edition": edition},
                messages.SUCCESS,
            )
        if single:
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[articles[0].pk])
            )
        return None  # back to the list, as it was filtered

    def _refusal_message(self, request, refusal):
        article, edition = refusal.article, editions.display_name(refusal.language)
        if isinstance(refusal, services.AlreadyInEdition):
            if refusal.existing.pk == article.pk:
                return format_html(
                    gettext("“{headline}” was not translated: it is in the {edition} edition."),
                    headline=_isolated(article.headline),
                    edition=edition,
                )
            return format_html(
                gettext(
                    "“{headline}” was not translated: it has its version in the {edition} "
                    'edition already, “<a href="{url}">{version}</a>”.'
                ),
                headline=_isolated(article.headline),
                edition=edition,
                url=reverse("admin:articles_article_change", args=[refusal.existing.pk]),
                version=_isolated(refusal.existing.headline),
            )
        message = format_html(
            gettext(
                "“{headline}” was not translated: its section, “{section}”, has no "
                "counterpart in the {edition} edition."
            ),
            headline=_isolated(article.headline),
            section=_isolated(article.section.name),
            edition=edition,
        )
        if request.user.has_perm("articles.add_section"):
            query = urlencode({"language": refusal.language, "counterpart_of": article.section.pk})
            message = format_html(
                '{} <a href="{}?{}">{}</a>',
                message,
                reverse("admin:articles_section_add"),
                query,
                gettext("Add its counterpart in the %(edition)s edition.") % {"edition": edition},
            )
        return message

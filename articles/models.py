"""Sections, authors, tags, photos and articles: what editors publish."""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import pgettext

from workers.queueing import enqueue_on_commit

from . import editions, figures, photos, searching
from .html import insert_dateline, sanitise_body, validate_markup_size
from .page_cache import forget_pages


class SectionQuerySet(models.QuerySet):
    def in_edition(self, code: str | None = None):
        """The sections of edition `code` (by default the request's: editions.current())."""
        return self.filter(language=code or editions.current())


class Section(models.Model):
    """A part of one edition ("Kurdistan", "World"), named and addressed in its language."""

    language = models.CharField(
        "edition", max_length=12, choices=editions.choices, default=editions.default
    )
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, allow_unicode=True)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the navigation; lower comes first."
    )
    # The same section in the other editions shares it ("World", "Dünya", "العالم"): an
    # article translated into another edition goes into its counterpart there.
    translation_key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="section_slug_per_edition"),
            models.UniqueConstraint(fields=["language", "name"], name="section_name_per_edition"),
            models.UniqueConstraint(
                fields=["translation_key", "language"], name="one_section_per_edition"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("articles:section", kwargs={"slug": self.slug})


class Author(models.Model):
    """Whoever a byline names: a reporter, or an agency such as a wire service."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Agency or organisation"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.PERSON)
    bio = models.TextField("short bio", blank=True, max_length=600)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class PhotoQuerySet(models.QuerySet):
    """Which photos have their resized copies, made by a task after the upload."""

    def renditions_ready(self):
        """Photos whose every rendition of the current image is made and recorded."""
        return self.exclude(renditions=[])

    def waiting_for_renditions(self):
        """Uploaded (or given a new image) and not yet resized: pages show the original."""
        return self.filter(renditions=[])


class Photo(models.Model):
    """An uploaded picture with its caption and credit, and resized copies made once.

    The copies (renditions) are made after the upload has answered, by the task
    articles.tasks.make_photo_renditions; until they exist, pages show the original.
    """

    image = models.ImageField(upload_to=photos.photo_upload_path)
    # The size as readers see it, after any EXIF rotation; recorded at upload.
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=250,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Read from the file's IPTC/XMP metadata when left empty.",
    )
    credit = models.CharField(
        "credit line",
        max_length=120,
        blank=True,
        help_text='As printed after "Photo:", for example "AFP/file".',
    )
    photographer = models.CharField(max_length=120, blank=True)
    copyright_notice = models.CharField(max_length=200, blank=True)
    # Empty until the task has made every copy of the current image, then all of them:
    # the list is written once, whole, so it is never half made.
    renditions = models.JSONField(default=list, editable=False)
    # Written with the image on upload, then by the worker that makes the renditions.
    WORKER_FIELDS = ("width", "height", "renditions")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.caption[:60] or self.alt_text[:60] or self.image.name

    def save(self, *args, **kwargs):
        new_file = bool(self.image) and not getattr(self.image, "_committed", True)
        if new_file:
            metadata = photos.read_embedded_metadata(self.image)
            for field, value in metadata.items():
                if not getattr(self, field):
                    setattr(self, field, value[: self._meta.get_field(field).max_length])
            # Stored as Pillow writes it again: nothing hidden in or after the upload.
            self.image = photos.clean_original(self.image)
            # Known now, so pages can show the original at its size until the copies exist.
            self.width, self.height = photos.upright_size(self.image)
            # Any copies are of the image this one replaces.
            self.renditions = []
        elif not self._state.adding and kwargs.get("update_fields") is None:
            # The same image: its size and copies are the worker's to write, perhaps since
            # this instance was read (an editor's form opened before the copies were
            # made), so saving the caption must not put back what this instance holds.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.WORKER_FIELDS
            ]
        super().save(*args, **kwargs)
        if new_file:
            # Resizing takes seconds: a worker does it once the upload is committed, and
            # the editor's request answers at once. A failed enqueue leaves the photo
            # waiting, as the admin shows, where an editor can ask for the copies again.
            self.request_renditions()

    def request_renditions(self) -> None:
        """Have a worker make this photo's missing renditions once the transaction commits
        (in the same transaction on the database queue: see workers.queueing)."""
        from .tasks import make_photo_renditions

        enqueue_on_commit(make_photo_renditions, self.pk)

    @property
    def renditions_ready(self) -> bool:
        """Whether the renditions of the current image are made (they are recorded together)."""
        return bool(self.renditions)

    def make_missing_renditions(self) -> bool:
        """Make and record the renditions of the current image, unless they exist already.

        Safe to run twice, or again after a run that was killed halfway: the copies have
        names made from the original's, and a copy already under that name is replaced,
        never kept beside a second one. The record is written only if the photo still
        holds the same image; if it was deleted or given another image meanwhile, the
        copies just made are removed again. Returns whether renditions were recorded.
        """
        if self.renditions_ready or not self.image:
            return False
        image_name = self.image.name
        (width, height), renditions = photos.make_renditions(self.image, default_storage)
        recorded = Photo.objects.filter(pk=self.pk, image=image_name).update(
            width=width, height=height, renditions=renditions
        )
        if not recorded:
            photos.delete_renditions(renditions, default_storage)
            return False
        self.width, self.height, self.renditions = width, height, renditions
        # A queryset update sends no post_save: pages showing the original are stale now.
        transaction.on_commit(forget_pages)
        return True

    def _renditions(self, image_format: str) -> list[dict]:
        return sorted(
            (r for r in self.renditions if r["format"] == image_format), key=lambda r: r["width"]
        )

    def _srcset(self, image_format: str) -> str:
        return ", ".join(
            f"{default_storage.url(r['name'])} {r['width']}w"
            for r in self._renditions(image_format)
        )

    @property
    def srcset_webp(self) -> str:
        return self._srcset("webp")

    @property
    def srcset_jpeg(self) -> str:
        return self._srcset("jpeg")

    @property
    def largest(self) -> dict:
        """The largest JPEG rendition, or the original while none exists."""
        jpegs = self._renditions("jpeg")
        if jpegs:
            return jpegs[-1]
        return {"name": self.image.name, "width": self.width, "height": self.height}

    @property
    def url(self) -> str:
        return default_storage.url(self.largest["name"])

    @property
    def display_width(self) -> int:
        return self.largest["width"]

    @property
    def display_height(self) -> int:
        return self.largest["height"]

    @property
    def thumbnail_url(self) -> str:
        jpegs = self._renditions("jpeg")
        return default_storage.url(jpegs[0]["name"]) if jpegs else self.image.url


class ArticleQuerySet(models.QuerySet):
    """The visibility rules for articles. Pages, feeds and sitemaps use only these."""

    def with_figures(self, *, cards: bool = False):
        """Annotate each article with the figures other apps show beside it on an article
        page (or a card): see articles.figures."""
        return self.annotate(**figures.annotations(cards=cards))

    def published(self):
        """Published and due: a future `published_at` stays hidden until it arrives."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def in_edition(self, code: str | None = None):
        """The articles of edition `code` (by default the request's: editions.current())."""
        return self.filter(language=code or editions.current())

    def scheduled(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def for_listing(self):
        """What a list of article cards shows, fetched in one query (without the bodies)."""
        return (
            self.select_related("section", "lead_photo")
            .prefetch_related("authors")
            .defer("body", "body_html", "search_document", "search_text")
        )

    def for_cards(self):
        """What the cards of a reader page show: for_listing() and the figures cards show."""
        return self.for_listing().with_figures(cards=True)

    def search(self, query: str, language: str | None = None):
        """Published articles of edition `language` (by default the request's) matching
        every word of `query`, best first; words compare as searching.normalise() makes
        them, so a Sorani word typed with Arabic letter forms finds the Sorani spelling.

        PostgreSQL ranks with its full-text search, in the edition's configuration
        (searching.CONFIGS); other databases fall back to finding each word in the
        stored, normalised search_text.
        """
        from django.db import connection

        language = language or editions.current()
        words = searching.normalise(query, language).split()
        if not words:
            return self.none()
        articles = self.filter(language=language)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank

            # The stored document, under its GIN index (see refresh_search_documents).
            search_query = SearchQuery(
                " ".join(words), search_type="websearch", config=searching.config(language)
            )
            return (
                articles.filter(search_document=search_query)
                .annotate(rank=SearchRank(F("search_document"), search_query))
                .order_by("-rank", "-published_at")
            )
        condition = Q()
        for word in words[:10]:
            condition &= Q(search_text__contains=word)
        return articles.filter(condition)

    def refresh_search_documents(self) -> None:
        """Store these articles' normalised search text and, on PostgreSQL, their
        full-text documents: headline, standfirst and body, weighted in that order, in
        each article's edition's configuration.

        save() calls it for the article saved; a bulk insert must call it for what it
        inserted.
        """
        from django.db import connection

        fields = ("pk", "language", "headline", "standfirst", "body", "body_html")
        for pk, language, headline, standfirst, body, body_html in self.values_list(*fields):
            # A bulk insert skipped save(), which cleans the body into body_html.
            body_html = body_html or sanitise_body(body)
            values = {"search_text": searching.document(headline, standfirst, body_html, language)}
            if connection.vendor == "postgresql":
                from django.contrib.postgres.search import SearchVector

                config = searching.config(language)
                parts = [(headline, "A"), (standfirst, "B"), (searching.plain(body_html), "C")]
                vectors = [
                    SearchVector(
                        Value(searching.normalise(text, language)), weight=weight, config=config
                    )
                    for text, weight in parts
                ]
                values["search_document"] = vectors[0] + vectors[1] + vectors[2]
            Article.objects.filter(pk=pk).update(**values)

    def count_for_each(self, owner_field: str):
        """How many of these articles each row of an outer query owns through `owner_field`
        ("section", "tags", "authors"): a subquery to annotate() with, 0 for none."""
        counted = (
            self.filter(**{owner_field: OuterRef("pk")})
            .order_by()
            .values(owner_field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

    def related_to(self, article: "Article", tag_ids):
        """Other articles from the same section or sharing a tag, newest first."""
        return (
            self.exclude(pk=article.pk)
            .filter(Q(section_id=article.section_id) | Q(tags__in=list(tag_ids)))
            .distinct()
            .order_by("-published_at", "-pk")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    # Each article belongs to one edition; its versions in the others share its
    # translation key (one article per key and edition).
    language = models.CharField(
        "edition", max_length=12, choices=editions.choices, default=editions.default
    )
    translation_key = models.UUIDField(default=uuid.uuid4, editable=False)
    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        help_text="Part of the address. Changing it later redirects the old one.",
    )
    standfirst = models.TextField(
        blank=True, max_length=500, help_text="The summary under the headline."
    )
    body = models.TextField(
        help_text=(
            "HTML (paragraphs, headings, lists, quotes, links, bold and italics) or plain "
            "paragraphs separated by a blank line. Anything else is removed on save."
        ),
        validators=[validate_markup_size],
    )
    body_html = models.TextField(editable=False, default="")
    dateline = models.CharField(
        max_length=100,
        blank=True,
        help_text='Where it was reported, e.g. "ERBIL, Kurdistan Region".',
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    lead_photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.SET_NULL, related_name="lead_of"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="Set in the future to schedule. Filled with the current time when left empty.",
    )
    updated_at = models.DateTimeField(
        "updated at", null=True, blank=True, help_text="When the update note below was written."
    )
    update_note = models.TextField(
        "correction or update note",
        blank=True,
        max_length=1000,
        help_text="Shown under the headline; filling it in marks the article as updated.",
    )
    comments_enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # PostgreSQL's full-text document of headline, standfirst and body, kept up to date by
    # save() and indexed (GIN) there; unused, and empty, on other databases.
    search_document = SearchVectorField(null=True, editable=False)
    # Headline, standfirst and body's words as the edition's search compares them
    # (searching.normalise): what other databases search in.
    search_text = models.TextField(editable=False, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["language", "status", "-published_at"], name="article_listing_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "language"], name="one_version_per_edition"
            )
        ]
        permissions = [("publish_article", "Can publish and unpublish articles")]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.headline, allow_unicode=True)[:200] or "article"
        self.body_html = sanitise_body(self.body)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.update_note and self.updated_at is None:
            self.updated_at = timezone.now()
        if not self.update_note:
            self.updated_at = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)
        if update_fields is None or {"headline", "standfirst", "body", "language"} & set(
            update_fields
        ):
            type(self).objects.filter(pk=self.pk).refresh_search_documents()

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    def get_preview_url(self) -> str:
        with translation.override(self.language):
            return reverse("articles:preview", kwargs={"pk": self.pk})

    @property
    def edition(self) -> editions.Edition:
        return editions.get(self.language)

    def clean(self):
        super().clean()
        if self.section_id and self.section.language != self.language:
            raise ValidationError(
                {"section": "Choose a section of the article's own edition."},
                code="other_edition",
            )

    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def date_modified(self):
        """What readers and search engines are told is the last change."""
        return self.updated_at or self.published_at

    @cached_property
    def author_list(self) -> list[Author]:
        return list(self.authors.all())

    @cached_property
    def tag_list(self) -> list[Tag]:
        return list(self.tags.all())

    @property
    def byline(self) -> str:
        names = [author.name for author in self.author_list]
        if len(names) <= 1:
            return "".join(names)
        return pgettext("a byline's names", "%(names)s and %(last)s") % {
            "names": pgettext("between a byline's names", ", ").join(names[:-1]),
            "last": names[-1],
        }

    @property
    def body_with_dateline(self) -> str:
        # body_html is the editor's body cleaned against the safelist in save(), and
        # insert_dateline() escapes the dateline it adds.
        return mark_safe(insert_dateline(self.body_html, self.dateline))  # noqa: S308  # nosec B308

    def byline_html(self) -> str:
        links = [
            format_html('<a href="{}">{}</a>', author.get_absolute_url(), author.name)
            for author in self.author_list
        ]
        if len(links) <= 1:
            return links[0] if links else ""
        names = format_html_join(
            pgettext("between a byline's names", ", "), "{}", ((link,) for link in links[:-1])
        )
        # The translated words around the names are the site's own: escaped, as the names.
        return mark_safe(  # noqa: S308  # nosec B308
            escape(pgettext("a byline's names", "%(names)s and %(last)s"))
            % {"names": names, "last": links[-1]}
        )


def load_authors_and_tags(articles, *, versions: bool = False) -> None:
    """Fill `author_list` and `tag_list` of each of `articles` in one query, and with
    `versions`, `version_list` too: its published versions in the other editions.

    prefetch_related() would take a query for each; here the rows of all come back in
    one UNION, told apart by a column of their own, and are ordered as the models order
    themselves (by name; versions by headline).
    """
    articles = list(articles)
    for article in articles:
        article.author_list, article.tag_list = [], []
        if versions:
            article.version_list = []
    if not articles:
        return
    by_pk = {article.pk: article for article in articles}
    tag_fields = ["id", "name", "slug"]
    author_fields = [*tag_fields, "kind", "bio"]
    authors = (
        Author.objects.filter(articles__in=by_pk)
        .annotate(row_model=Value("author"), row_article=F("articles"))
        .values_list("row_model", "row_article", *author_fields)
        .order_by()
    )
    # Every side of a UNION has the same columns: the tags' pads the authors' last two.
    tags = (
        Tag.objects.filter(articles__in=by_pk)
        .annotate(
            row_model=Value("tag"), row_article=F("articles"), no_kind=Value(""), no_bio=Value("")
        )
        .values_list("row_model", "row_article", *tag_fields, "no_kind", "no_bio")
        .order_by()
    )
    parts = [tags]
    if versions:
        # Another edition's article sharing a translation key with one of `articles`:
        # its pk, headline, slug and edition in the authors' columns.
        source = Article.objects.filter(
            pk__in=by_pk, translation_key=OuterRef("translation_key")
        ).values("pk")[:1]
        others = (
            Article.objects.published()
            .filter(
                translation_key__in={article.translation_key for article in articles},
                language__in=editions.codes(),
            )
            .exclude(pk__in=by_pk)
            .annotate(row_model=Value("version"), row_article=Subquery(source), no_bio=Value(""))
            .values_list("row_model", "row_article", "id", "headline", "slug", "language", "no_bio")
            .order_by()
        )
        parts.append(others)
    rows = authors.union(*parts, all=True)
    for model, article_pk, *values in sorted(rows, key=lambda row: (row[3], row[2])):
        article = by_pk[article_pk]
        if model == "author":
            article.author_list.append(Author.from_db(authors.db, author_fields, values))
        elif model == "tag":
            tag = Tag.from_db(tags.db, tag_fields, values[: len(tag_fields)])
            article.tag_list.append(tag)
        else:
            pk, headline, slug, language, _ = values
            article.version_list.append(
                Article(pk=pk, headline=headline, slug=slug, language=language)
            )

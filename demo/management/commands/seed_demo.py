"""Fill an empty site with demo sections, authors, tags, articles, photos and comments, in
every edition of settings.LANGUAGES (the data of any other edition is left out).

Running it again creates nothing new: everything is looked up first (an edition's
sections and articles by slug within the edition, comments by article, name and text),
and an article gets a drawn photo only while it has no lead photo. With DEBUG on it also
makes two demo staff accounts, an editor and a moderator; with DEBUG off it makes no
accounts.
"""

import uuid
from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles import editions
from articles.models import Article, Author, Photo, Section, Tag
from comments.caching import comments_changed
from comments.models import Comment
from demo.content import load_demo_content
from demo.pictures import draw_landscape

# The demo's versions of one story share a translation key made from the English slug,
# so sites seeded apart agree, and a version added later finds the others' key.
STORY_NAMESPACE = uuid.UUID("5b0c6f3e-8d1a-4f57-9a52-3d0e7c1b2a49")
# The edition whose articles the others' `translation_of` names.
STORY_LANGUAGE = "en"


class DemoAccount(NamedTuple):
    username: str
    password: str
    group_name: str
    display_name: str
    desk: str  # where this role works once signed in


DEMO_ACCOUNTS = (
    DemoAccount("editor", "editor-demo-password", "Editors", "Demo Editor", "/admin/"),
    DemoAccount(
        "moderator",
        "moderator-demo-password",
        "Moderators",
        "Demo Moderator",
        "/en/comments/moderation/",
    ),
)


class Command(BaseCommand):
    """`manage.py seed_demo [--if-empty]`: demo content, plus demo staff accounts in DEBUG."""

    help = (
        "Load demo sections, authors, tags, articles, drawn photos and comments in every "
        "edition; with DEBUG on, also create the demo editor and moderator accounts. Safe "
        "to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Load the demo content only when there are no articles at all. The demo "
                "accounts are still created (with DEBUG on) when they are missing."
            ),
        )

    def handle(self, *args, if_empty=False, **options):
        self.created_photos = []
        try:
            with transaction.atomic():
                if if_empty and Article.objects.exists():
                    self.stdout.write("Articles exist; demo content not loaded.")
                else:
                    self.load_content()
                if settings.DEBUG:
                    self.ensure_demo_accounts()
                else:
                    self.stdout.write("DEBUG is off, so no demo accounts were created.")
        except BaseException:
            # The rollback undoes the rows but not the files written to storage.
            self.delete_photo_files()
            raise

    def load_content(self):
        # Whole minutes, as a newsroom would stamp them.
        now = timezone.now().replace(second=0, microsecond=0)
        content = load_demo_content()
        codes = editions.codes()
        left_out = sorted({spec["language"] for spec in content.articles} - set(codes))
        if left_out:
            self.stdout.write(
                f"Editions not in settings.LANGUAGES, left out: {', '.join(left_out)}"
            )

        def of_editions(specs):
            # In the order of settings.LANGUAGES: the default edition's rows come first.
            return sorted(
                (spec for spec in specs if spec["language"] in codes),
                key=lambda spec: codes.index(spec["language"]),
            )

        article_specs = of_editions(content.articles)
        sections = self.load_sections(of_editions(content.sections))
        authors = self.load_authors(content.authors)
        tags = self.load_tags(content.tags)
        keys = self.translation_keys(article_specs)
        articles = {}
        articles_created = photos_created = photos_present = 0
        for spec in article_specs:
            article, created = self.get_or_create_article(
                spec, sections, authors, tags, now, keys, content.weekdays
            )
            articles[spec["language"], spec["slug"]] = article
            articles_created += created
            if "photo" not in spec:
                continue
            if article.lead_photo_id:
                photos_present += 1
                continue
            # A version is drawn as the story it retells, its words in its own language.
            seed = spec.get("translation_of", spec["slug"])
            article.lead_photo = self.create_photo(seed, spec["photo"])
            article.save(update_fields=["lead_photo"])
            photos_created += 1
        self.report("Articles", articles_created, len(article_specs) - articles_created)
        self.report("Photos", photos_created, photos_present)
        self.load_comments(of_editions(content.comments), articles, now)

    def load_sections(self, specs):
        """Each edition's sections: a name or a slug finds one within the edition. A
        section `same_as` an English one shares its translation key (its counterpart)."""
        by_key = {}
        created_count = 0
        for spec in specs:
            spec = dict(spec)
            same_as = spec.pop("same_as", None)
            counterpart = by_key.get((STORY_LANGUAGE, same_as)) if same_as else None
            found = (
                Section.objects.filter(language=spec["language"])
                .filter(Q(slug=spec["slug"]) | Q(name=spec["name"]))
                .first()
            )
            if found is None:
                if counterpart is not None:
                    spec["translation_key"] = counterpart.translation_key
                found = Section.objects.create(**spec)
                created_count += 1
            elif counterpart is not None and found.translation_key != counterpart.translation_key:
                Section.objects.filter(pk=found.pk).update(
                    translation_key=counterpart.translation_key
                )
            by_key[spec["language"], spec["slug"]] = found
        self.report("Sections", created_count, len(specs) - created_count)
        return by_key

    def load_tags(self, specs):
        """Tags have unique names as well as slugs, so either finds one."""
        by_slug = {}
        created_count = 0
        for spec in specs:
            found = Tag.objects.filter(Q(slug=spec["slug"]) | Q(name=spec["name"])).first()
            if found is None:
                found = Tag.objects.create(**spec)
                created_count += 1
            by_slug[spec["slug"]] = found
        self.report("Tags", created_count, len(specs) - created_count)
        return by_slug

    def load_authors(self, specs):
        by_slug = {}
        created_count = 0
        for spec in specs:
            author, created = Author.objects.get_or_create(
                slug=spec["slug"],
                defaults={"name": spec["name"], "kind": spec["kind"], "bio": spec["bio"]},
            )
            created_count += created
            by_slug[spec["slug"]] = author
        self.report("Authors", created_count, len(specs) - created_count)
        return by_slug

    def translation_keys(self, specs):
        """{(language, slug): translation key} for the articles that are one story's
        versions: the key an existing version has (the first made), else one made from
        the story's English slug."""
        stories = defaultdict(list)
        for spec in specs:
            if "translation_of" in spec:
                stories[spec["translation_of"]].append((spec["language"], spec["slug"]))
        keys = {}
        for story, versions in stories.items():
            versions.append((STORY_LANGUAGE, story))
            found = Q()
            for language, slug in versions:
                found |= Q(language=language, slug=slug)
            key = Article.objects.filter(found).order_by("pk").values_list(
                "translation_key", flat=True
            ).first() or uuid.uuid5(STORY_NAMESPACE, story)
            keys.update(dict.fromkeys(versions, key))
        return keys

    def get_or_create_article(self, spec, sections, authors, tags, now, keys, weekdays):
        # Article slugs are not unique (addresses carry the id too), so an editor may have
        # reused one; the oldest article with the slug in the edition counts as the demo's.
        language, slug = spec["language"], spec["slug"]
        existing = Article.objects.filter(language=language, slug=slug).order_by("pk").first()
        if existing is not None:
            return existing, False
        status = spec.get("status", Article.Status.PUBLISHED)
        published_at = None
        if status == Article.Status.PUBLISHED:
            published_at = now - timedelta(hours=spec["hours_ago"])
        published_local = timezone.localtime(published_at or now)
        if language in weekdays:
            weekday = weekdays[language][published_local.weekday()]
        else:
            weekday = published_local.strftime("%A")
        update_note = spec.get("update_note", "")
        updated_at = None
        if update_note and published_at:
            updated_at = published_at + timedelta(hours=spec["updated_hours_later"])
        extra = {}
        if (language, slug) in keys:
            extra["translation_key"] = keys[language, slug]
        article = Article.objects.create(
            language=language,
            slug=slug,
            headline=spec["headline"],
            standfirst=spec["standfirst"],
            dateline=spec.get("dateline", ""),
            section=sections[language, spec["section"]],
            body="\n\n".join(spec["body"]).replace("{day}", weekday),
            status=status,
            published_at=published_at,
            update_note=update_note,
            updated_at=updated_at,
            **extra,
        )
        article.authors.set([authors[author] for author in spec["authors"]])
        article.tags.set([tags[tag] for tag in spec["tags"]])
        return article, True

    def load_comments(self, specs, articles, now):
        """Approved readers' comments, each found again by its article, name and text."""
        created_count = 0
        changed = set()
        for spec in specs:
            article = articles[spec["language"], spec["article"]]
            if Comment.objects.filter(
                article=article, author_name=spec["author_name"], body=spec["body"]
            ).exists():
                continue
            parent = None
            if "reply_to" in spec:
                parent = (
                    Comment.objects.filter(
                        article=article, parent__isnull=True, author_name=spec["reply_to"]
                    )
                    .order_by("pk")
                    .first()
                )
            written = (article.published_at or now) + timedelta(hours=spec["hours_after"])
            Comment.objects.create(
                article=article,
                parent=parent,
                author_name=spec["author_name"],
                body=spec["body"],
                status=Comment.Status.APPROVED,
                submitted_at=min(written, now),
            )
            created_count += 1
            changed.add(article.pk)
        if changed:
            comments_changed(changed)
        self.report("Comments", created_count, len(specs) - created_count)

    def create_photo(self, seed, spec):
        photo = Photo(
            image=ContentFile(
                draw_landscape(seed, spec["scene"], spec["light"]), name=f"{seed}.jpg"
            ),
            alt_text=spec["alt_text"],
            caption=spec["caption"],
            credit=spec["credit"],
            photographer=spec["photographer"],
        )
        # Remembered before saving, so a failure while making renditions still cleans up.
        self.created_photos.append(photo)
        photo.save()
        # Made here rather than by a worker, so the demo's first page shows the finished
        # photos whether a worker runs or not; the task the save enqueued finds them made.
        photo.make_missing_renditions()
        return photo

    def delete_photo_files(self):
        for photo in self.created_photos:
            names = [rendition["name"] for rendition in photo.renditions]
            if photo.image.name:
                names.append(photo.image.name)
            for name in names:
                default_storage.delete(name)

    def ensure_demo_accounts(self):
        """Demo staff for trying the admin; each exists only once its group does."""
        user_model = get_user_model()
        for account in DEMO_ACCOUNTS:
            group = Group.objects.filter(name=account.group_name).first()
            if group is None:
                continue
            user = user_model.objects.filter(username=account.username).first()
            if user is None:
                user = user_model.objects.create_user(
                    account.username,
                    password=account.password,
                    is_staff=True,
                    display_name=account.display_name,
                )
            user.groups.add(group)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {account.username}: sign in as {account.username} / "
                    f"{account.password}, then open {account.desk}"
                )
            )

    def report(self, label, created, present):
        self.stdout.write(f"{label}: {created} created, {present} already present")

"""Fill an empty site with demo sections, authors, tags, articles and photos.

Running it again creates nothing new: everything is looked up by slug first, and an
article gets a drawn photo only while it has no lead photo. With DEBUG on it also makes
two demo staff accounts, an editor and a moderator; with DEBUG off it makes no accounts.
"""

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

from articles.models import Article, Author, Photo, Section, Tag
from demo.content import load_demo_content
from demo.pictures import draw_landscape


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
        "Load demo sections, authors, tags, articles and drawn photos; with DEBUG on, also "
        "create the demo editor and moderator accounts. Safe to run again."
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
        sections = self.load_named(Section, content.sections, "Sections")
        authors = self.load_authors(content.authors)
        tags = self.load_named(Tag, content.tags, "Tags")
        articles_created = photos_created = photos_present = 0
        for spec in content.articles:
            article, created = self.get_or_create_article(spec, sections, authors, tags, now)
            articles_created += created
            if "photo" not in spec:
                continue
            if article.lead_photo_id:
                photos_present += 1
                continue
            article.lead_photo = self.create_photo(spec["slug"], spec["photo"])
            article.save(update_fields=["lead_photo"])
            photos_created += 1
        self.report("Articles", articles_created, len(content.articles) - articles_created)
        self.report("Photos", photos_created, photos_present)

    def load_named(self, model, specs, label):
        """Sections and tags have unique names as well as slugs, so either finds one."""
        by_slug = {}
        created_count = 0
        for spec in specs:
            found = model.objects.filter(Q(slug=spec["slug"]) | Q(name=spec["name"])).first()
            if found is None:
                found = model.objects.create(**spec)
                created_count += 1
            by_slug[spec["slug"]] = found
        self.report(label, created_count, len(specs) - created_count)
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

    def get_or_create_article(self, spec, sections, authors, tags, now):
        # Article slugs are not unique (addresses carry the id too), so an editor may have
        # reused one; the oldest article with the slug counts as the demo article.
        existing = Article.objects.filter(slug=spec["slug"]).order_by("pk").first()
        if existing is not None:
            return existing, False
        status = spec.get("status", Article.Status.PUBLISHED)
        published_at = None
        if status == Article.Status.PUBLISHED:
            published_at = now - timedelta(hours=spec["hours_ago"])
        weekday = timezone.localtime(published_at or now).strftime("%A")
        update_note = spec.get("update_note", "")
        updated_at = None
        if update_note and published_at:
            updated_at = published_at + timedelta(hours=spec["updated_hours_later"])
        article = Article.objects.create(
            slug=spec["slug"],
            headline=spec["headline"],
            standfirst=spec["standfirst"],
            dateline=spec.get("dateline", ""),
            section=sections[spec["section"]],
            body="\n\n".join(spec["body"]).replace("{day}", weekday),
            status=status,
            published_at=published_at,
            update_note=update_note,
            updated_at=updated_at,
        )
        article.authors.set([authors[slug] for slug in spec["authors"]])
        article.tags.set([tags[slug] for slug in spec["tags"]])
        return article, True

    def create_photo(self, slug, spec):
        photo = Photo(
            image=ContentFile(
                draw_landscape(slug, spec["scene"], spec["light"]), name=f"{slug}.jpg"
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

"""Small builders for articles and what they belong to. Each call makes unique rows."""

import io
import itertools
from contextlib import contextmanager
from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, Photo, Section, Tag

_sequence = itertools.count(1)


def make_section(**fields) -> Section:
    n = next(_sequence)
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_author(**fields) -> Author:
    n = next(_sequence)
    fields.setdefault("name", f"Reporter {n}")
    fields.setdefault("slug", f"reporter-{n}")
    return Author.objects.create(**fields)


def make_tag(**fields) -> Tag:
    n = next(_sequence)
    fields.setdefault("name", f"Topic {n}")
    fields.setdefault("slug", f"topic-{n}")
    return Tag.objects.create(**fields)


def image_bytes(width=1200, height=800, image_format="JPEG", color="steelblue", **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def make_photo(width=1200, height=800, *, renditions=True, **fields) -> Photo:
    """A saved photo, with its renditions made unless `renditions` is false (then it waits
    for them, as an upload does until its transaction commits and a worker runs)."""
    n = next(_sequence)
    fields.setdefault("alt_text", f"Photo {n} alt text")
    fields.setdefault("caption", f"Caption of photo {n}")
    fields.setdefault("credit", "AFP/file")
    photo = Photo(image=ContentFile(image_bytes(width, height), name=f"photo-{n}.jpg"), **fields)
    if not renditions:
        photo.save()
        return photo
    with committed():
        photo.save()
    photo.refresh_from_db()
    if not photo.renditions_ready:
        # A queue no test worker serves (a script run with the site's own settings).
        photo.make_missing_renditions()
    return photo


@contextmanager
def committed():
    """Run the on-commit work (tasks enqueued, with the suite's immediate backend) of what
    the block does once it ends, as a commit would: a test's transaction never commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def make_article(*, authors=None, tags=(), **fields) -> Article:
    """A published article (an hour old) unless `status`/`published_at` say otherwise."""
    n = next(_sequence)
    fields.setdefault("headline", f"Headline number {n}")
    fields.setdefault("standfirst", f"Standfirst of article {n}.")
    fields.setdefault("body", f"First paragraph of article {n}.\n\nSecond paragraph.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    if "section" not in fields:
        fields["section"] = make_section(language=fields.get("language", "en"))
    article = Article.objects.create(**fields)
    article.authors.set(authors if authors is not None else [make_author()])
    article.tags.set(tags)
    return article

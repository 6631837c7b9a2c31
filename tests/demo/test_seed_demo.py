"""`manage.py seed_demo`: a full front page for a newcomer, safe to run again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Photo
from comments.models import Comment


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_renditions(settings):
    # The demo draws dozens of photos; one small rendition each keeps the test quick.
    settings.PHOTO_RENDITION_WIDTHS = (160,)


@pytest.mark.django_db
def test_seed_demo_fills_the_site_once_and_creates_nothing_the_second_time(
    small_renditions, settings, client
):
    settings.DEBUG = False
    seed()
    published = Article.objects.published()
    assert published.count() >= 25
    assert Article.objects.drafts().exists()
    assert Article.objects.scheduled().exists()
    assert published.filter(lead_photo__isnull=False).count() >= 20
    assert published.exclude(dateline="").exists()
    assert all(photo.caption and photo.credit and photo.alt_text for photo in Photo.objects.all())
    assert not Photo.objects.waiting_for_renditions().exists()
    counts = (Article.objects.count(), Photo.objects.count(), Comment.objects.count())

    output = seed()

    assert (Article.objects.count(), Photo.objects.count(), Comment.objects.count()) == counts
    assert "0 created" in output
    front = client.get("/en/")
    assert front.status_code == 200
    assert published.first().headline in front.content.decode()


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_site_alone(small_renditions):
    from tests.articles.factories import make_article

    make_article(headline="An editor's own story")
    output = seed("--if-empty")
    assert "Articles exist; demo content not loaded." in output
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_demo_editor_only_while_debugging(small_renditions, settings):
    user_model = get_user_model()
    settings.DEBUG = False
    seed()
    assert not user_model.objects.exists()

    settings.DEBUG = True
    output = seed("--if-empty")
    editor = user_model.objects.get(username="editor")
    assert editor.is_staff
    assert editor.groups.filter(name="Editors").exists()
    assert editor.check_password("editor-demo-password")
    assert "sign in as editor / editor-demo-password, then open /admin/" in output
    moderator = user_model.objects.get(username="moderator")
    assert moderator.groups.filter(name="Moderators").exists()
    assert "moderator-demo-password, then open /en/comments/moderation/" in output

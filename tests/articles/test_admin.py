"""The editors' desk in the Django admin, as an editor and as staff who may not publish."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Photo

from .factories import (
    committed,
    image_bytes,
    make_article,
    make_author,
    make_photo,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

MODELS = ["article", "photo", "author", "section", "tag"]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="unused", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def writer(django_user_model):
    """Staff who may write and edit articles but not publish them."""
    user = django_user_model.objects.create_user("writer", password="unused", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_article", "add_article", "change_article", "view_section"],
        )
    )
    return user


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


def changelist_url(model="article"):
    return reverse(f"admin:articles_{model}_changelist")


def run_action(client, action, articles, follow=True):
    return client.post(
        changelist_url(),
        {"action": action, "_selected_action": [article.pk for article in articles]},
        follow=follow,
    )


def upload(content: bytes, name: str, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- the Editors group ---------------------------------------------------------------------


def test_the_editors_group_exists_with_the_desk_permissions():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    for model in MODELS:
        for action in ("view", "add", "change", "delete"):
            assert f"{action}_{model}" in codenames
    assert "publish_article" in codenames


def test_an_editor_may_publish(editor):
    assert editor.has_perm("articles.publish_article")
    assert editor.has_perm("articles.change_article")


# --- pages load ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_the_changelist_loads_for_an_editor(editor_client, model):
    article = make_article(lead_photo=make_photo(width=300, height=200), tags=[make_tag()])
    response = editor_client.get(changelist_url(model))
    assert response.status_code == 200
    if model == "article":
        assert article.headline in response.text


@pytest.mark.parametrize("model", MODELS)
def test_the_add_page_loads_for_an_editor(editor_client, model):
    response = editor_client.get(reverse(f"admin:articles_{model}_add"))
    assert response.status_code == 200
    assert "<form" in response.text


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client):
    response = client.get(changelist_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_article_change_page_links_to_the_preview(editor_client):
    article = make_article(status=Article.Status.DRAFT, headline="Floods hit Erbil")
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "Floods hit Erbil" in response.text
    assert "Preview as readers will see it" in response.text
    assert f'href="{article.get_preview_url()}"' in response.text


def test_the_photo_change_page_loads(editor_client):
    photo = make_photo(width=300, height=200)
    response = editor_client.get(reverse("admin:articles_photo_change", args=[photo.pk]))
    assert response.status_code == 200
    assert "300 × 200" in response.text


# --- uploading photos -------------------------------------------------------------------------


def test_uploading_a_non_image_shows_the_error_and_saves_nothing(editor_client):
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": upload(b"This is a text file.\n" * 50, "not-a-photo.jpg"),
            "alt_text": "Nothing",
        },
    )
    assert response.status_code == 200
    assert "This file could not be read as an image" in response.text
    assert Photo.objects.count() == 0


def test_uploading_an_oversized_file_shows_the_limit(editor_client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {"image": upload(image_bytes(300, 200), "big.jpg"), "alt_text": "Big"},
    )
    assert response.status_code == 200
    assert "a photo can be at most 1.0\xa0KB" in response.text
    assert Photo.objects.count() == 0


def test_uploading_a_truncated_jpeg_shows_an_error_not_a_crash(editor_client):
    from .test_photos import noisy_jpeg

    content = noisy_jpeg()
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {"image": upload(content[: len(content) // 2], "cut.jpg"), "alt_text": "Cut"},
    )
    assert response.status_code == 200
    assert "could not be read as an image" in response.text
    assert Photo.objects.count() == 0


@pytest.mark.parametrize("kind", ["svg", "html"])
def test_uploading_markup_renamed_jpg_shows_a_clear_error(editor_client, kind):
    from .test_photos import HTML_PAGE, SVG_WITH_SCRIPT

    content = {"svg": SVG_WITH_SCRIPT, "html": HTML_PAGE}[kind]
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {"image": upload(content, "holiday.jpg"), "alt_text": "Not a photo"},
    )
    assert response.status_code == 200
    assert "This file could not be read as an image. Upload a JPEG, PNG, WebP or GIF photo." in (
        response.text
    )
    assert Photo.objects.count() == 0


def test_uploading_a_decompression_bomb_shows_the_pixel_limit(editor_client):
    from .test_photos import png_declaring

    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {"image": upload(png_declaring(8_000, 8_000), "bomb.png"), "alt_text": "Bomb"},
    )
    assert response.status_code == 200
    assert "the limit is 40 megapixels" in response.text
    assert Photo.objects.count() == 0


def test_uploading_a_photo_saves_it_with_renditions(editor_client):
    with committed():  # the renditions are made once the upload commits
        response = editor_client.post(
            reverse("admin:articles_photo_add"),
            {
                "image": upload(image_bytes(1000, 600), "market.jpg"),
                "alt_text": "Stalls in the market",
                "caption": "The market reopened on Monday.",
                "credit": "AFP",
            },
        )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.alt_text == "Stalls in the market"
    assert (photo.width, photo.height) == (1000, 600)
    assert sorted((r["format"], r["width"]) for r in photo.renditions) == [
        ("jpeg", 480),
        ("jpeg", 960),
        ("jpeg", 1000),
        ("webp", 480),
        ("webp", 960),
        ("webp", 1000),
    ]


# --- publishing -----------------------------------------------------------------------------


def test_the_publish_action_publishes_drafts_and_unpublish_reverts(editor_client):
    first = make_article(status=Article.Status.DRAFT)
    second = make_article(status=Article.Status.DRAFT)
    before = timezone.now()

    response = run_action(editor_client, "publish_selected", [first, second])
    assert response.status_code == 200
    assert "Published 2 article(s)." in response.text
    for article in (first, second):
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert before <= article.published_at <= timezone.now()
    assert set(Article.objects.published()) == {first, second}

    response = run_action(editor_client, "unpublish_selected", [first, second])
    assert "Returned 2 article(s) to draft." in response.text
    for article in (first, second):
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
    assert list(Article.objects.published()) == []


def test_the_publish_action_keeps_a_chosen_future_time(editor_client):
    release = timezone.now() + timedelta(days=2)
    article = make_article(status=Article.Status.DRAFT, published_at=release)
    run_action(editor_client, "publish_selected", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == release
    assert list(Article.objects.scheduled()) == [article]


def test_the_editor_sees_the_publishing_controls(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    changelist = editor_client.get(changelist_url())
    assert 'value="publish_selected"' in changelist.text
    assert 'value="unpublish_selected"' in changelist.text
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert 'name="status"' in change.text
    assert 'name="published_at_0"' in change.text


def test_staff_without_publish_permission_see_status_read_only(writer_client):
    article = make_article(status=Article.Status.DRAFT, headline="Awaiting an editor")
    response = writer_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "Awaiting an editor" in response.text
    assert 'name="status"' not in response.text
    assert 'name="published_at' not in response.text
    assert 'name="headline"' in response.text  # they can still edit the story


def test_staff_without_publish_permission_get_no_publish_actions(writer_client):
    make_article(status=Article.Status.DRAFT)
    response = writer_client.get(changelist_url())
    assert response.status_code == 200
    assert 'value="publish_selected"' not in response.text
    assert 'value="unpublish_selected"' not in response.text


def test_staff_without_publish_permission_cannot_publish_by_posting_the_action(writer_client):
    article = make_article(status=Article.Status.DRAFT)
    run_action(writer_client, "publish_selected", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert list(Article.objects.published()) == []


def test_staff_without_publish_permission_cannot_publish_by_posting_the_form(writer_client):
    section, author = make_section(), make_author()
    response = writer_client.post(
        reverse("admin:articles_article_add"),
        {
            "headline": "Sneaked out",
            "slug": "sneaked-out",
            "standfirst": "",
            "language": section.language,
            "section": section.pk,
            "authors": [author.pk],
            "dateline": "",
            "body": "Text.",
            "status": "published",
            "published_at_0": "2020-01-01",
            "published_at_1": "10:00:00",
            "comments_enabled": "on",
            "update_note": "",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="sneaked-out")
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


# --- the article list stays cheap ---------------------------------------------------------


# Measured (the same for 2 and 20 rows): session, user, user and group permissions, the
# section and author filter choices, two counts, the rows (with section and photo joined),
# one prefetch of authors, and two date-hierarchy queries. It must not grow with the rows.
CHANGELIST_QUERIES = 12


@pytest.mark.parametrize("count", [2, 20])
def test_the_article_changelist_runs_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries, count
):
    section = make_section()
    photo = make_photo(width=300, height=200)
    authors = [make_author(), make_author()]
    tag = make_tag()
    for n in range(count):
        make_article(
            section=section,
            lead_photo=photo,
            authors=authors,
            tags=[tag],
            status=Article.Status.DRAFT if n % 3 == 0 else Article.Status.PUBLISHED,
        )
    editor_client.get(changelist_url())  # warm the session and content-type caches

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = editor_client.get(changelist_url())
    assert response.status_code == 200
    assert response.text.count('class="action-select"') == count


# --- preview and drafts -----------------------------------------------------------------------


def test_the_editor_previews_a_draft(editor_client):
    article = make_article(status=Article.Status.DRAFT, headline="Embargoed budget story")
    response = editor_client.get(article.get_preview_url())
    assert response.status_code == 200
    assert "Embargoed budget story" in response.text
    assert "this draft is not public" in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_anonymous_visitor_is_sent_to_sign_in_from_a_preview(client):
    article = make_article(status=Article.Status.DRAFT, headline="Embargoed budget story")
    response = client.get(article.get_preview_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]
    assert "Embargoed budget story" not in response.text


def test_a_drafts_public_address_is_not_found_for_anyone(client, editor):
    article = make_article(status=Article.Status.DRAFT, headline="Embargoed budget story")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Embargoed budget story" not in response.text

    client.force_login(editor)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Embargoed budget story" not in response.text

"""Photo renditions made after the upload, by a task: the upload answers with the original,
pages show the original until the copies exist, and making them is safe to repeat."""

import io
from pathlib import Path, PurePosixPath

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import TaskResultStatus
from django.urls import reverse
from PIL import Image

from articles import photos
from articles.models import Photo
from articles.tasks import make_photo_renditions
from tests.browser.conftest import role_group
from tests.nu_checker import NuChecker, missing_parts
from tests.pages import block, tags_named, text_of
from tests.worker_process import WorkerProcess

from .factories import committed, image_bytes, make_article, make_photo

ROOT = Path(__file__).resolve().parents[2]
ADD_PHOTO = "admin:articles_photo_add"
ALL_SIX = [
    ("jpeg", 480),
    ("jpeg", 960),
    ("jpeg", 1000),
    ("webp", 480),
    ("webp", 960),
    ("webp", 1000),
]


def files_of(image_name: str) -> list[str]:
    """Every file in media storage made from the original `image_name`: itself and its
    copies, including any a storage would have saved under a suffixed second name."""
    root = Path(settings.MEDIA_ROOT)
    stem = PurePosixPath(image_name).stem
    return sorted(path.relative_to(root).as_posix() for path in root.rglob(f"{stem}*"))


def recorded_files(photo: Photo) -> list[str]:
    return sorted([photo.image.name, *(r["name"] for r in photo.renditions)])


def made(photo: Photo) -> list[tuple[str, int]]:
    return sorted((r["format"], r["width"]) for r in photo.renditions)


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="unused", is_staff=True)
    user.groups.add(role_group("Editors"))
    client.force_login(user)
    return client


def upload_form(width=1000, height=600) -> dict:
    return {
        "image": SimpleUploadedFile(
            "market.jpg", image_bytes(width, height), content_type="image/jpeg"
        ),
        "alt_text": "Stalls in the market",
    }


# --- the upload answers with the original; the task makes the rest ---------------------------


@pytest.mark.django_db
def test_an_upload_stores_the_original_only_and_the_renditions_follow_its_commit(
    editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as after_commit:
        response = editor_client.post(reverse(ADD_PHOTO), upload_form(1000, 600))

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.renditions == []
    assert not photo.renditions_ready
    # The size is known at once, for pages showing the original meanwhile.
    assert (photo.width, photo.height) == (1000, 600)
    assert files_of(photo.image.name) == [photo.image.name]
    assert list(Photo.objects.waiting_for_renditions()) == [photo]

    for callback in after_commit:  # the commit: the task runs (the suite's backend)
        callback()

    photo.refresh_from_db()
    assert made(photo) == ALL_SIX
    assert photo.renditions_ready
    assert files_of(photo.image.name) == recorded_files(photo)
    assert list(Photo.objects.renditions_ready()) == [photo]
    assert not Photo.objects.waiting_for_renditions().exists()


@pytest.mark.django_db
def test_a_photo_saved_again_without_a_new_image_keeps_its_renditions(
    django_capture_on_commit_callbacks,
):
    photo = make_photo(600, 400)
    with django_capture_on_commit_callbacks() as after_commit:
        photo.caption = "A new caption"
        photo.save()
    assert after_commit == []
    photo.refresh_from_db()
    assert photo.renditions_ready


@pytest.mark.django_db
def test_saving_a_caption_from_a_form_read_before_the_renditions_keeps_them():
    photo = make_photo(1000, 600, renditions=False)
    opened = Photo.objects.get(pk=photo.pk)  # the editor's form, read while the copies wait
    make_photo_renditions.call(photo.pk)  # the worker makes them meanwhile

    opened.caption = "A better caption"
    opened.save()

    photo.refresh_from_db()
    assert photo.caption == "A better caption"
    assert made(photo) == ALL_SIX
    assert photo.renditions_ready


@pytest.mark.django_db
def test_a_new_image_waits_for_renditions_of_its_own():
    photo = make_photo(600, 400)
    old = recorded_files(photo)

    photo.image = ContentFile(image_bytes(300, 500), name="replacement.jpg")
    photo.save()
    photo.refresh_from_db()
    assert photo.renditions == []
    assert (photo.width, photo.height) == (300, 500)
    assert photo.url == photo.image.url

    with committed():
        make_photo_renditions.enqueue(photo.pk)
    photo.refresh_from_db()
    assert made(photo) == [("jpeg", 300), ("webp", 300)]
    assert not set(recorded_files(photo)) & set(old)


# --- safe to run twice -------------------------------------------------------------------------


@pytest.mark.django_db
def test_running_the_task_again_changes_nothing_and_adds_no_file():
    photo = make_photo(1000, 600)
    files = files_of(photo.image.name)
    assert files == recorded_files(photo)
    assert len(files) == 7

    result = make_photo_renditions.enqueue(photo.pk)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value is False
    assert files_of(photo.image.name) == files
    renditions = photo.renditions
    photo.refresh_from_db()
    assert photo.renditions == renditions


@pytest.mark.django_db
def test_a_run_cut_short_is_completed_under_the_same_names():
    photo = make_photo(1000, 600)
    files = files_of(photo.image.name)
    names = [r["name"] for r in photo.renditions]
    # A worker killed halfway: some copies written, one of them only in part, the last
    # never, and nothing recorded.
    Photo.objects.filter(pk=photo.pk).update(renditions=[])
    (Path(settings.MEDIA_ROOT) / names[0]).write_bytes(b"\xff\xd8\xff half a JPEG")
    default_storage.delete(names[-1])

    result = make_photo_renditions.enqueue(photo.pk)

    assert result.return_value is True
    photo.refresh_from_db()
    assert made(photo) == ALL_SIX
    assert files_of(photo.image.name) == files
    for rendition in photo.renditions:
        with default_storage.open(rendition["name"]) as file, Image.open(file) as image:
            image.load()
            assert image.size == (rendition["width"], rendition["height"])


@pytest.mark.django_db
def test_the_task_for_a_deleted_photo_does_nothing():
    photo = make_photo(600, 400, renditions=False)
    image_name, photo_id = photo.image.name, photo.pk
    photo.delete()

    result = make_photo_renditions.enqueue(photo_id)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value is False
    assert files_of(image_name) == [image_name]


@pytest.mark.django_db
def test_copies_of_an_image_replaced_while_they_were_made_are_not_kept(monkeypatch):
    photo = make_photo(600, 400, renditions=False)
    first_image = photo.image.name
    make_renditions = photos.make_renditions

    def replaced_meanwhile(image_file, storage):
        made = make_renditions(image_file, storage)
        editor_copy = Photo.objects.get(pk=photo.pk)
        editor_copy.image = ContentFile(image_bytes(300, 200), name="newer.jpg")
        editor_copy.save()
        return made

    monkeypatch.setattr(photos, "make_renditions", replaced_meanwhile)

    result = make_photo_renditions.enqueue(photo.pk)

    assert result.return_value is False
    photo.refresh_from_db()
    assert photo.image.name != first_image
    assert photo.renditions == []  # the newer image's own task makes them
    assert files_of(first_image) == [first_image]


# --- pages while the renditions wait -----------------------------------------------------------


def lead_img(html: str) -> dict:
    figure = block(html, r'<figure class="lead-photo">(.*?)</figure>')
    assert tags_named(figure, "source") == []
    [img] = tags_named(figure, "img")
    return img


def meta_content(html: str, prop: str) -> str:
    [meta] = [attrs for attrs in tags_named(html, "meta") if attrs.get("property") == prop]
    return meta["content"]


@pytest.mark.django_db
def test_the_article_page_shows_the_original_at_its_size_while_the_renditions_wait(client):
    photo = make_photo(1200, 800, renditions=False, alt_text="Fishermen at dawn")
    article = make_article(lead_photo=photo)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    html = text_of(response)
    img = lead_img(html)
    assert img["src"] == photo.image.url
    assert (img["width"], img["height"]) == ("1200", "800")
    assert img["alt"] == "Fishermen at dawn"
    assert "srcset" not in img
    assert "sizes" not in img
    assert 'srcset=""' not in html
    assert meta_content(html, "og:image").endswith(photo.image.url)
    assert (meta_content(html, "og:image:width"), meta_content(html, "og:image:height")) == (
        "1200",
        "800",
    )


@pytest.mark.django_db
def test_lists_and_the_front_page_show_a_waiting_photo_as_its_original(client):
    photo = make_photo(900, 600, renditions=False)
    article = make_article(lead_photo=photo)

    for path in ("/en/", article.section.get_absolute_url()):
        html = text_of(client.get(path))
        imgs = [img for img in tags_named(html, "img") if img.get("src") == photo.image.url]
        assert imgs, path
        for img in imgs:
            assert "srcset" not in img, path
            assert (img["width"], img["height"]) == ("900", "600"), path
        assert 'srcset=""' not in html, path


@pytest.mark.django_db
def test_a_waiting_png_is_enclosed_in_the_feed_as_what_it_is(client):
    photo = Photo(image=ContentFile(image_bytes(300, 200, "PNG"), name="map.png"), alt_text="Map")
    photo.save()
    make_article(lead_photo=photo)

    response = client.get("/en/feeds/latest/")

    assert response.status_code == 200
    feed = response.content.decode()
    assert f'url="http://testserver{photo.image.url}"' in feed
    assert f'length="{photo.image.size}"' in feed
    assert 'type="image/png"' in feed


@pytest.fixture(scope="module")
def nu_checker():
    problem = missing_parts()
    if problem:
        pytest.fail(f"The Nu HTML checker cannot run: {problem}", pytrace=False)
    checker = NuChecker.start()
    yield checker
    checker.stop()


@pytest.mark.django_db
def test_pages_with_a_waiting_photo_are_valid_html(client, nu_checker):
    article = make_article(lead_photo=make_photo(1200, 800, renditions=False))

    for path in (article.get_absolute_url(), "/en/"):
        errors = nu_checker.errors(text_of(client.get(path)))
        assert not errors, f"{path}:\n" + "\n".join(map(str, errors))


@pytest.mark.django_db
def test_cached_pages_show_the_renditions_once_they_are_made(client):
    photo = make_photo(1000, 600, renditions=False, caption="Before the copies")
    article = make_article(lead_photo=photo)
    url = article.get_absolute_url()
    assert "srcset" not in lead_img(text_of(client.get(url)))
    # The control: a change no signal reports leaves the cached page as it was.
    Photo.objects.filter(pk=photo.pk).update(caption="Changed behind the cache's back")
    assert "Before the copies" in text_of(client.get(url))

    with committed():
        make_photo_renditions.enqueue(photo.pk)

    html = text_of(client.get(url))
    assert "Changed behind the cache's back" in html
    photo.refresh_from_db()
    [img] = tags_named(block(html, r'<figure class="lead-photo">(.*?)</figure>'), "img")
    assert img["src"] == photo.url
    assert img["src"].endswith("-1000w.jpg")
    assert [entry.split()[1] for entry in img["srcset"].split(", ")] == ["480w", "960w", "1000w"]


# --- the editors' view ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_lists_and_filters_photos_waiting_for_renditions(editor_client):
    ready = make_photo(600, 400, caption="Ready photo")
    waiting = make_photo(600, 400, renditions=False, caption="Waiting photo")
    changelist = reverse("admin:articles_photo_changelist")

    page = editor_client.get(changelist).text
    assert '<td class="field-renditions_state">Ready</td>' in page
    assert '<td class="field-renditions_state">Waiting</td>' in page

    for value, shown, hidden in (("waiting", waiting, ready), ("ready", ready, waiting)):
        page = editor_client.get(changelist, {"renditions": value}).text
        assert shown.caption in page, value
        assert hidden.caption not in page, value


@pytest.mark.django_db
def test_the_photo_form_says_whether_the_renditions_are_ready(editor_client):
    waiting = make_photo(600, 400, renditions=False)
    ready = make_photo(1000, 600)

    page = editor_client.get(reverse("admin:articles_photo_change", args=[waiting.pk])).text
    assert "Waiting: the resized copies are being made." in page
    page = editor_client.get(reverse("admin:articles_photo_change", args=[ready.pk])).text
    assert "Ready: 480, 960, 1000 px wide, in JPEG and WebP." in page


@pytest.mark.django_db
def test_an_editor_can_ask_again_for_missing_renditions(editor_client):
    ready = make_photo(600, 400)
    waiting = make_photo(600, 400, renditions=False)

    with committed():
        response = editor_client.post(
            reverse("admin:articles_photo_changelist"),
            {"action": "make_missing_renditions", "_selected_action": [ready.pk, waiting.pk]},
            follow=True,
        )

    assert "1 photo will get its renditions shortly. 1 had them already." in response.text
    waiting.refresh_from_db()
    assert made(waiting) == [("jpeg", 480), ("jpeg", 600), ("webp", 480), ("webp", 600)]


# --- through the real queue and a real worker ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_makes_the_renditions_the_upload_enqueued(editor_client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "mail", "media"],
        }
    }

    response = editor_client.post(reverse(ADD_PHOTO), upload_form(1000, 600))

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.renditions == []
    assert files_of(photo.image.name) == [photo.image.name]
    [job] = DBTaskResult.objects.all()
    assert (job.task_path, job.queue_name, job.status) == (
        "articles.tasks.make_photo_renditions",
        "media",
        TaskResultStatus.READY,
    )

    # The project's own manage.py, with this interpreter.
    worker = WorkerProcess(
        "--batch",
        "--queue-name",
        "media",
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        NEWSROOM_TASKS_DAILY_AT="24:00",
    )
    output = worker.wait(timeout=120)

    assert worker.process.returncode == 0, output
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL, job.traceback
    photo.refresh_from_db()
    assert made(photo) == ALL_SIX
    assert files_of(photo.image.name) == recorded_files(photo)
    with default_storage.open(photo.largest["name"]) as file:
        assert Image.open(io.BytesIO(file.read())).size == (1000, 600)

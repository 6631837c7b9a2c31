"""What an uploaded photo may cost a worker, and what of the file the site keeps."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageStat, IptcImagePlugin

from articles import photos
from articles.forms import PhotoAdminForm
from articles.models import Photo

from .factories import committed, image_bytes
from .test_photos import IPTC_FIELDS, iptc_jpeg, jpeg_with_location

HTML_PAGE = (
    b"<!doctype html><html><head><title>x</title></head>"
    b"<body><script>fetch('/admin/')</script></body></html>"
)
PALETTE = [value for index in range(256) for value in (index, 255 - index, (index * 7) % 256)]


def repeated_frames_gif(width: int, height: int, frames: int) -> bytes:
    """A GIF of `frames` identical frames, built by repeating one frame's bytes.

    Pillow takes seconds to write twenty 36-megapixel frames; copying the encoded frame
    takes none, and the file is what a hostile upload would be.
    """
    frame = Image.new("P", (width, height), 7)
    frame.putpalette(PALETTE)
    buffer = io.BytesIO()
    frame.save(buffer, "GIF")
    single = buffer.getvalue()
    packed = single[10]
    start = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)  # after the colours
    assert single[start] == 0x2C, "Pillow wrote an extension before the frame"
    header, image_block = single[:start], single[start:-1]  # the last byte is the trailer
    return header + image_block * frames + b"\x3b"


def animated_gif(colours: list[str], size=(100, 80)) -> bytes:
    frames = [Image.new("RGB", size, colour) for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return buffer.getvalue()


def stored_bytes(photo: Photo) -> bytes:
    with photo.image.open("rb") as file:
        return file.read()


def saved_photo(content: bytes, name="upload.jpg") -> Photo:
    photo = Photo(image=ContentFile(content, name=name), alt_text="A photo")
    with committed():  # the renditions are made once the upload commits
        photo.save()
    photo.refresh_from_db()
    return photo


# --- animations ------------------------------------------------------------------------------


def test_a_6000_pixel_square_gif_of_twenty_frames_is_refused_for_its_frames():
    content = repeated_frames_gif(6000, 6000, 20)
    assert len(content) < 2_000_000  # small on disk, 720 megapixels to decode
    with Image.open(io.BytesIO(content)) as image:
        assert (image.size, image.n_frames) == ((6000, 6000), 20)

    with pytest.raises(ValidationError) as caught:
        photos.check_upload(SimpleUploadedFile("party.gif", content, content_type="image/gif"))

    assert caught.value.code == "too_many_frames"
    assert caught.value.messages == [
        "This animation has 20 frames of 6000 × 6000 pixels, more than the 100 megapixels "
        "all its frames together may hold. Only the first frame is used on the site: upload "
        "it as a still image, or make the animation smaller."
    ]


def test_the_admin_form_shows_the_frames_message_to_the_editor():
    form = PhotoAdminForm(
        data={"alt_text": "Fireworks"},
        files={
            "image": SimpleUploadedFile(
                "fireworks.gif", repeated_frames_gif(4000, 3000, 10), content_type="image/gif"
            )
        },
    )
    assert not form.is_valid()
    assert any("Only the first frame is used" in message for message in form.errors["image"])


def test_the_frames_limit_is_a_setting(settings):
    content = repeated_frames_gif(100, 100, 5)  # 50,000 pixels in all
    photos.check_upload(SimpleUploadedFile("small.gif", content))
    settings.PHOTO_MAX_TOTAL_PIXELS = 40_000
    with pytest.raises(ValidationError) as caught:
        photos.check_upload(SimpleUploadedFile("small.gif", content))
    assert caught.value.code == "too_many_frames"


def test_a_still_as_large_as_the_frames_limit_allows_is_not_counted_as_an_animation(settings):
    settings.PHOTO_MAX_TOTAL_PIXELS = 1_000
    photos.check_upload(SimpleUploadedFile("still.gif", repeated_frames_gif(100, 100, 1)))


@pytest.mark.django_db
def test_an_animation_within_the_limit_is_kept_as_its_first_frame():
    photo = saved_photo(animated_gif(["red", "blue", "green"]), name="loop.gif")

    with Image.open(io.BytesIO(stored_bytes(photo))) as stored:
        assert stored.format == "GIF"
        assert getattr(stored, "n_frames", 1) == 1
        assert stored.convert("RGB").getpixel((50, 40)) == (255, 0, 0)
    assert (photo.width, photo.height) == (100, 80)


# --- nothing but the picture is stored -------------------------------------------------------

ICC_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def noise(mode: str, size=(320, 240)) -> Image.Image:
    return Image.effect_noise(size, 50).convert(mode)


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "name", "exact_pixels"),
    [
        pytest.param(encoded(noise("RGB"), "JPEG", quality=90), "photo.jpg", False, id="jpeg"),
        pytest.param(encoded(noise("RGBA"), "PNG"), "photo.png", True, id="png"),
        pytest.param(encoded(noise("P"), "GIF"), "photo.gif", True, id="gif"),
        pytest.param(encoded(noise("RGB"), "WEBP", quality=85), "photo.webp", False, id="webp"),
    ],
)
def test_an_html_page_appended_to_an_image_is_not_stored(upload, name, exact_pixels):
    content = upload + HTML_PAGE
    photos.check_upload(SimpleUploadedFile(name, content))  # still a readable image

    photo = saved_photo(content, name=name)
    stored = stored_bytes(photo)

    for trace in (b"<html", b"<script", b"fetch("):
        assert trace not in stored
    with Image.open(io.BytesIO(upload)) as before, Image.open(io.BytesIO(stored)) as after:
        assert after.format == before.format
        assert after.size == before.size == (320, 240)
        after.load()
        difference = ImageChops.difference(before.convert("RGB"), after.convert("RGB"))
        if exact_pixels:
            assert difference.getbbox() is None
        else:  # re-encoded, so close rather than identical
            stat = ImageStat.Stat(difference.convert("L"))
            assert stat.mean[0] < 3


@pytest.mark.django_db
def test_a_jpeg_is_stored_with_its_own_quantisation_so_it_hardly_changes():
    upload = encoded(noise("RGB"), "JPEG", quality=95)
    stored = stored_bytes(saved_photo(upload))
    with Image.open(io.BytesIO(upload)) as before, Image.open(io.BytesIO(stored)) as after:
        assert after.quantization == before.quantization
        assert abs(len(stored) - len(upload)) < len(upload) * 0.05


@pytest.mark.django_db
def test_the_stored_original_keeps_its_colour_profile():
    photo = saved_photo(encoded(noise("RGB"), "JPEG", icc_profile=ICC_SRGB))
    with Image.open(io.BytesIO(stored_bytes(photo))) as stored:
        assert stored.info.get("icc_profile") == ICC_SRGB


@pytest.mark.django_db
def test_the_stored_original_keeps_its_orientation_and_renditions_stay_upright():
    # A phone held upright stores the pixels on their side and says so in EXIF.
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    sideways = Image.new("RGB", (600, 400), "white")
    sideways.paste((200, 0, 0), (0, 0, 300, 400))  # red on the left
    photo = saved_photo(encoded(sideways, "JPEG", exif=exif))

    with Image.open(io.BytesIO(stored_bytes(photo))) as stored:
        assert stored.size == (600, 400)
        assert stored.getexif()[ExifTags.Base.Orientation] == 6
    assert (photo.width, photo.height) == (400, 600)
    largest = photo.largest
    assert (largest["width"], largest["height"]) == (400, 600)
    with photo.image.storage.open(largest["name"]) as file, Image.open(file) as rendition:
        # Turned a quarter clockwise, as the EXIF says: the stored left half is the top.
        assert rendition.getpixel((200, 100))[1] < 60  # red
        assert rendition.getpixel((200, 500))[1] > 200  # white


@pytest.mark.django_db
def test_the_stored_original_drops_location_camera_and_comment():
    photo = saved_photo(jpeg_with_location())
    stored = stored_bytes(photo)
    for trace in (b"Mill Lane", b"SERIAL-12345", b"Phone maker", b"Phone model"):
        assert trace not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif().get_ifd(0x8825)
        assert (image.size, image.format) == ((1000, 700), "JPEG")


@pytest.mark.django_db
def test_caption_and_credit_still_come_from_the_file_although_the_original_drops_iptc():
    photo = saved_photo(iptc_jpeg(IPTC_FIELDS), name="flood.jpg")
    assert (photo.caption, photo.credit) == (IPTC_FIELDS[(2, 120)], IPTC_FIELDS[(2, 110)])
    with Image.open(io.BytesIO(stored_bytes(photo))) as stored:
        assert not IptcImagePlugin.getiptcinfo(stored)


@pytest.mark.django_db
def test_a_plain_upload_is_stored_at_its_size():
    photo = saved_photo(image_bytes(640, 480))
    with Image.open(io.BytesIO(stored_bytes(photo))) as stored:
        assert stored.size == (640, 480)

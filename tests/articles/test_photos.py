"""Checking uploads and reading captions from photo files."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import photos
from articles.forms import PhotoAdminForm
from articles.models import Photo

from .factories import committed, image_bytes

UNREADABLE = "could not be read as an image"
TOO_MANY_PIXELS = "too many pixels"


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def check_error(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        photos.check_upload(file)
    return caught.value


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def png_declaring(width: int, height: int) -> bytes:
    """A genuine black-and-white PNG of the given size; blank rows compress to almost nothing."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then one bit per pixel
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def noisy_jpeg(width=600, height=400) -> bytes:
    """A JPEG with real picture data, so cutting it loses pixels rather than padding."""
    buffer = io.BytesIO()
    Image.effect_noise((width, height), 64).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# --- check_upload ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "name"),
    [("JPEG", "photo.jpg"), ("PNG", "photo.png"), ("WEBP", "photo.webp"), ("GIF", "photo.gif")],
)
def test_a_valid_image_passes(image_format, name):
    file = upload(image_bytes(300, 200, image_format), name=name)
    photos.check_upload(file)  # raises on failure
    assert file.tell() == 0, "the file is rewound for whoever reads it next"


def test_a_text_file_named_jpg_cannot_be_read_as_an_image():
    error = check_error(upload(b"Dear editor, this is not a photo.\n" * 20))
    assert error.code == "unreadable"
    assert UNREADABLE in message_of(error)


def test_an_image_in_a_format_not_accepted_is_refused_by_name():
    error = check_error(upload(image_bytes(40, 30, "BMP"), name="photo.bmp"))
    assert error.code == "format"
    assert message_of(error).startswith("BMP images are not accepted.")


def test_a_file_over_the_limit_is_refused_with_both_sizes(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024
    content = image_bytes(300, 200)
    assert len(content) > 1024
    error = check_error(upload(content))
    assert error.code == "file_too_large"
    assert re.fullmatch(
        r"This file is \d+\.\d\xa0KB; a photo can be at most 1\.0\xa0KB\.", message_of(error)
    )


def test_a_file_at_the_limit_is_accepted(settings):
    content = image_bytes(300, 200)
    settings.PHOTO_MAX_UPLOAD_BYTES = len(content)
    photos.check_upload(upload(content))


def test_the_default_limit_is_ten_megabytes(settings):
    assert settings.PHOTO_MAX_UPLOAD_BYTES == 10 * 1024 * 1024

    at_limit = upload(image_bytes(300, 200))
    at_limit.size = 10 * 1024 * 1024  # what the upload handler reports; no need to allocate it
    photos.check_upload(at_limit)

    over = upload(image_bytes(300, 200))
    over.size = 10 * 1024 * 1024 + 1
    error = check_error(over)
    assert error.code == "file_too_large"
    assert "a photo can be at most 10.0\xa0MB" in message_of(error)


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(20_000, 20_000, id="400-megapixels-pillow-refuses"),
        pytest.param(8_000, 8_000, id="64-megapixels-over-the-house-limit"),
        pytest.param(7_500, 6_000, id="45-megapixels-just-over-the-house-limit"),
    ],
)
def test_a_decompression_bomb_is_refused_for_its_pixel_count(width, height):
    content = png_declaring(width, height)
    assert len(content) < 100_000  # tiny on disk...
    assert width * height > photos.MAX_PIXELS  # ...huge in memory
    error = check_error(upload(content, name="bomb.png", content_type="image/png"))
    assert error.code == "too_many_pixels"
    assert TOO_MANY_PIXELS in message_of(error)
    assert "40 megapixels" in message_of(error)


def test_a_big_image_under_the_pixel_limit_is_accepted():
    photos.check_upload(upload(png_declaring(6_000, 4_000), name="big.png"))
    photos.check_upload(upload(png_declaring(8_000, 5_000), name="at-the-limit.png"))


def test_the_pixel_limit_is_forty_megapixels():
    assert photos.MAX_PIXELS == 40_000_000


def test_a_truncated_png_gets_the_unreadable_error():
    content = image_bytes(300, 200, "PNG")
    error = check_error(upload(content[: len(content) // 2], name="cut.png"))
    assert UNREADABLE in message_of(error)


def test_a_truncated_jpeg_gets_a_clear_error():
    content = noisy_jpeg()
    error = check_error(upload(content[: len(content) // 2]))
    assert UNREADABLE in message_of(error)


def test_the_admin_form_shows_the_unreadable_message():
    form = PhotoAdminForm(
        data={"alt_text": "Not a photo"},
        files={"image": upload(b"plain text, not pixels\n" * 10, name="notes.jpg")},
    )
    assert not form.is_valid()
    assert any(UNREADABLE in message for message in form.errors["image"])


def test_the_admin_form_shows_the_size_message(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    form = PhotoAdminForm(
        data={"alt_text": "Too big"}, files={"image": upload(image_bytes(300, 200))}
    )
    assert not form.is_valid()
    assert any("a photo can be at most" in message for message in form.errors["image"])


def test_the_admin_form_shows_the_pixel_message():
    form = PhotoAdminForm(
        data={"alt_text": "Bomb"},
        files={"image": upload(png_declaring(20_000, 20_000), name="bomb.png")},
    )
    assert not form.is_valid()
    assert any(TOO_MANY_PIXELS in message for message in form.errors["image"])


def test_the_admin_form_accepts_a_valid_photo():
    form = PhotoAdminForm(
        data={"alt_text": "A market"}, files={"image": upload(image_bytes(300, 200))}
    )
    assert form.is_valid(), form.errors


# --- embedded captions and credits ------------------------------------------------------------

XMP_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
   <dc:description>
    <rdf:Alt><rdf:li xml:lang="x-default">Shoppers in Erbil's old bazaar</rdf:li></rdf:Alt>
   </dc:description>
   <dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>
   <dc:rights>
    <rdf:Alt><rdf:li xml:lang="x-default">© 2025 Jane Doe</rdf:li></rdf:Alt>
   </dc:rights>
   <photoshop:Credit>AFP/file</photoshop:Credit>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_jpeg() -> bytes:
    return image_bytes(120, 80, xmp=XMP_PACKET.encode())


def iptc_jpeg(datasets: dict[tuple[int, int], str]) -> bytes:
    """A JPEG with an APP13 "Photoshop 3.0" segment holding IPTC-IIM datasets."""
    iptc = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value.encode())) + value.encode()
        for key, value in datasets.items()
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    resource += iptc + (b"\x00" if len(iptc) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    jpeg = image_bytes(120, 80)
    return jpeg[:2] + segment + jpeg[2:]


IPTC_FIELDS = {
    (2, 120): "Flood water in Erbil’s citadel",
    (2, 110): "Reuters",
    (2, 80): "Ali Hassan",
    (2, 116): "© Reuters 2025",
}


def test_read_embedded_metadata_from_xmp_credit_photographer_and_rights():
    found = photos.read_embedded_metadata(io.BytesIO(xmp_jpeg()))
    assert found["credit"] == "AFP/file"
    assert found["photographer"] == "Jane Doe"
    assert found["copyright_notice"] == "© 2025 Jane Doe"


def test_read_embedded_metadata_from_xmp_caption():
    found = photos.read_embedded_metadata(io.BytesIO(xmp_jpeg()))
    assert found.get("caption") == "Shoppers in Erbil's old bazaar"


def test_read_embedded_metadata_from_iptc():
    found = photos.read_embedded_metadata(io.BytesIO(iptc_jpeg(IPTC_FIELDS)))
    assert found == {
        "caption": "Flood water in Erbil’s citadel",
        "credit": "Reuters",
        "photographer": "Ali Hassan",
        "copyright_notice": "© Reuters 2025",
    }


def test_read_embedded_metadata_leaves_out_what_the_file_lacks():
    assert photos.read_embedded_metadata(io.BytesIO(image_bytes(60, 40))) == {}
    assert photos.read_embedded_metadata(io.BytesIO(b"not an image")) == {}


@pytest.mark.django_db
def test_a_photo_saved_with_empty_fields_gets_them_from_the_file():
    photo = Photo(image=ContentFile(iptc_jpeg(IPTC_FIELDS), name="flood.jpg"), alt_text="Flood")
    photo.save()
    photo.refresh_from_db()
    assert photo.caption == "Flood water in Erbil’s citadel"
    assert photo.credit == "Reuters"
    assert photo.photographer == "Ali Hassan"
    assert photo.copyright_notice == "© Reuters 2025"


@pytest.mark.django_db
def test_a_photo_saved_from_an_xmp_file_gets_credit_photographer_and_rights():
    photo = Photo(image=ContentFile(xmp_jpeg(), name="bazaar.jpg"), alt_text="Bazaar")
    photo.save()
    photo.refresh_from_db()
    assert (photo.credit, photo.photographer, photo.copyright_notice) == (
        "AFP/file",
        "Jane Doe",
        "© 2025 Jane Doe",
    )


@pytest.mark.django_db
def test_a_typed_caption_and_credit_are_kept_over_the_file():
    photo = Photo(
        image=ContentFile(xmp_jpeg(), name="bazaar.jpg"),
        alt_text="Bazaar",
        caption="Our own caption",
        credit="Staff photographer",
    )
    photo.save()
    photo.refresh_from_db()
    assert photo.caption == "Our own caption"
    assert photo.credit == "Staff photographer"
    assert photo.photographer == "Jane Doe"  # empty, so still filled from the file


@pytest.mark.django_db
def test_a_typed_caption_is_kept_over_an_iptc_caption():
    photo = Photo(
        image=ContentFile(iptc_jpeg(IPTC_FIELDS), name="flood.jpg"),
        alt_text="Flood",
        caption="Our own caption",
    )
    photo.save()
    photo.refresh_from_db()
    assert photo.caption == "Our own caption"
    assert photo.credit == "Reuters"


@pytest.mark.django_db
def test_an_overlong_embedded_credit_is_cut_to_fit():
    credit_limit = Photo._meta.get_field("credit").max_length
    photo = Photo(
        image=ContentFile(iptc_jpeg({(2, 110): "C" * 300}), name="long.jpg"), alt_text="Long"
    )
    photo.save()
    photo.refresh_from_db()
    assert photo.credit == "C" * credit_limit


# --- files that are not images, whatever their name says ----------------------------------------

SVG_WITH_SCRIPT = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">
  <script>alert(document.cookie)</script><rect width="400" height="300"/>
</svg>"""
HTML_PAGE = b"<!doctype html><html><body><script>alert(1)</script><img src=x></body></html>"
HTML_WITH_JPEG_MAGIC = b"\xff\xd8\xff\xe0" + HTML_PAGE  # starts like a JPEG, is not one


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        pytest.param(SVG_WITH_SCRIPT, "image/jpeg", id="svg-named-jpg"),
        pytest.param(SVG_WITH_SCRIPT, "image/svg+xml", id="svg-declared-svg"),
        pytest.param(HTML_PAGE, "image/jpeg", id="html-named-jpg"),
        pytest.param(HTML_WITH_JPEG_MAGIC, "image/jpeg", id="html-behind-jpeg-magic"),
    ],
)
def test_markup_named_jpg_is_refused_whatever_it_claims(content, content_type):
    error = check_error(upload(content, name="photo.jpg", content_type=content_type))
    assert error.code == "unreadable"
    assert message_of(error) == (
        "This file could not be read as an image. Upload a JPEG, PNG, WebP or GIF photo."
    )


# --- stored names ----------------------------------------------------------------------------

GENERATED = r"photos/\d{4}/\d{2}/[0-9a-f]{32}\.%s"


@pytest.mark.django_db
def test_an_upload_is_stored_under_a_generated_name_not_the_editors():
    photo = Photo(
        image=ContentFile(image_bytes(600, 400), name="Minister resigns - embargoed.jpg"),
        alt_text="A minister",
    )
    with committed():  # the renditions are made once the upload commits
        photo.save()
    photo.refresh_from_db()

    assert re.fullmatch(GENERATED % "jpg", photo.image.name)
    stored = [photo.image.name, *(r["name"] for r in photo.renditions)]
    assert not any("inister" in name or "embargoed" in name for name in stored)


@pytest.mark.django_db
def test_the_stored_extension_follows_the_content_not_the_name():
    photo = Photo(image=ContentFile(image_bytes(60, 40, "PNG"), name="map.jpg"), alt_text="Map")
    photo.save()
    assert re.fullmatch(GENERATED % "png", photo.image.name)


@pytest.mark.django_db
def test_two_uploads_with_the_same_name_get_different_names():
    first, second = (
        Photo(image=ContentFile(image_bytes(60, 40), name="IMG_0001.jpg"), alt_text="x")
        for _ in range(2)
    )
    first.save()
    second.save()
    assert first.image.name != second.image.name


# --- metadata stripped from renditions --------------------------------------------------------

GPS_IFD = 0x8825


def jpeg_with_location() -> bytes:
    """A phone photo's metadata: where it was taken, the camera, a comment and XMP."""
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x0110] = "Phone model"  # Model
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (36.0, 11.0, 24.0), 3: "E", 4: (44.0, 0.0, 36.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 700), "teal").save(
        buffer,
        "JPEG",
        exif=exif,
        comment=b"Taken at the safe house on Mill Lane",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Mill Lane</x:xmpmeta>',
    )
    return buffer.getvalue()


@pytest.mark.django_db
def test_renditions_carry_no_location_camera_or_comment(settings):
    original = jpeg_with_location()
    with Image.open(io.BytesIO(original)) as image:  # the control: the original has it all
        assert image.getexif().get_ifd(GPS_IFD)
        assert b"Mill Lane" in image.info["comment"]

    photo = Photo(image=ContentFile(original, name="source.jpg"), alt_text="A street")
    with committed():  # the renditions are made once the upload commits
        photo.save()
    photo.refresh_from_db()

    # 480, 960 and 1000 px (the original, re-encoded) wide, each in JPEG and WebP.
    assert len(photo.renditions) == 6
    for rendition in photo.renditions:
        content = (settings.MEDIA_ROOT / rendition["name"]).read_bytes()
        with Image.open(io.BytesIO(content)) as image:
            assert dict(image.getexif()) == {}, rendition["name"]
            assert not {"exif", "xmp", "comment"} & set(image.info), rendition["name"]
        for trace in (b"Mill Lane", b"SERIAL-12345", b"Phone maker"):
            assert trace not in content, (trace, rendition["name"])

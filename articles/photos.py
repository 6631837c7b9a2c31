"""Checking uploaded photos, reading their embedded captions, and resizing them."""

import io
import uuid
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import ExifTags, Image, ImageOps, IptcImagePlugin, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
# The extension a stored original gets, from what Pillow found inside the file.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Above a 36-megapixel camera's output; decoding it takes about 160 MB, not a worker's
# whole memory.
MAX_PIXELS = 40_000_000


def _rewind(file) -> None:
    if hasattr(file, "seek"):
        file.seek(0)


def check_upload(file) -> None:
    """Raise ValidationError with a message an editor can act on, or return quietly."""
    size = getattr(file, "size", None)
    limit = settings.PHOTO_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            "This file is %(size)s; a photo can be at most %(limit)s.",
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    _rewind(file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError
                _check_frames(image)
                image.verify()
            # verify() checks structure but decodes nothing (and for JPEG checks
            # little): decoding the whole image once catches truncated files.
            _rewind(file)
            with Image.open(file) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            "This image has too many pixels to process safely (the limit is %(limit)s "
            "megapixels). Resize it and upload it again.",
            code="too_many_pixels",
            params={"limit": MAX_PIXELS // 1_000_000},
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file could not be read as an image. Upload a JPEG, PNG, WebP or GIF photo.",
            code="unreadable",
        ) from error
    finally:
        _rewind(file)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF photo.",
            code="format",
            params={"format": image_format or "This kind of"},
        )


def _check_frames(image) -> None:
    """Refuse an animation whose frames hold more pixels, all together, than the limit.

    Pillow counts the frames by skipping from one frame header to the next without
    decoding any, so a 20-frame 6000 × 6000 GIF is refused in milliseconds, not after
    seconds of work and hundreds of megabytes. Only the first frame is ever used (pages
    show stills), but the frames are all in the file the desk would keep.
    """
    frames = getattr(image, "n_frames", 1)
    width, height = image.size
    limit = settings.PHOTO_MAX_TOTAL_PIXELS
    if frames > 1 and width * height * frames > limit:
        raise ValidationError(
            "This animation has %(frames)s frames of %(width)s × %(height)s pixels, more than "
            "the %(limit)s megapixels all its frames together may hold. Only the first frame "
            "is used on the site: upload it as a still image, or make the animation smaller.",
            code="too_many_frames",
            params={
                "frames": frames,
                "width": width,
                "height": height,
                "limit": limit // 1_000_000,
            },
        )


def photo_upload_path(photo, filename: str) -> str:
    """Where an uploaded original is stored: a random name, the extension of its real format.

    The editor's file name says nothing to readers (it may carry a person's name, a
    place or a story not yet published) and it could collide with another upload;
    the extension follows the content, never the name the file came with.
    """
    image_format = None
    file = photo.image.file
    _rewind(file)
    try:
        with Image.open(file) as image:
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        pass
    finally:
        _rewind(file)
    extension = EXTENSIONS.get(image_format, "bin")
    return f"photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def _orientation_exif(image) -> bytes:
    """An EXIF block holding only the image's orientation, or nothing when it is upright."""
    orientation = image.getexif().get(ExifTags.Base.Orientation)
    if orientation in (None, 1):
        return b""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    return exif.tobytes()


def clean_original(file) -> ContentFile:
    """The upload written again by Pillow, in its own format, with nothing but the picture.

    Whatever a file carries besides its first image never reaches storage: bytes after
    the image's end (an HTML page or a ZIP archive appended to a JPEG), comments, text
    chunks, further frames of an animation, GPS position and camera data. The picture
    keeps its pixels, its colour profile and its orientation; caption and credit were
    read from the upload before (`read_embedded_metadata`). A JPEG is written with its
    own quantisation tables and chroma subsampling, which loses as little as re-saving a
    JPEG can; PNG and GIF are lossless; a WebP is written at PHOTO_WEBP_ORIGINAL_QUALITY.
    """
    _rewind(file)
    try:
        with Image.open(file) as image:
            image.load()  # the first frame
            image_format = image.format
            options = {}
            if icc_profile := image.info.get("icc_profile"):
                options["icc_profile"] = icc_profile
            if exif := _orientation_exif(image):
                options["exif"] = exif
            if image_format == "JPEG":
                # The upload's own quantisation tables and chroma subsampling.
                options["quality"] = "keep"
            elif image_format == "WEBP":
                options["quality"] = settings.PHOTO_WEBP_ORIGINAL_QUALITY
            # Pillow writes some of the info back unasked (a JPEG or GIF comment, a GIF's
            # loop count and frame timing): keep only what draws the picture.
            image.info = {
                key: image.info[key] for key in ("transparency", "background") if key in image.info
            }
            buffer = io.BytesIO()
            image.save(buffer, format=image_format, **options)
    finally:
        _rewind(file)
    name = PurePosixPath(getattr(file, "name", None) or "photo").name
    return ContentFile(buffer.getvalue(), name=name)


def _text(value) -> str:
    """The first piece of text in an IPTC value or a parsed XMP node."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").strip()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return next((text for text in map(_text, value) if text), "")
    if isinstance(value, dict):
        for key in ("text", "li", "Alt", "Seq", "Bag"):
            if key in value:
                return _text(value[key])
    return ""


def _find_xmp(node, name: str):
    """Depth-first search of Pillow's parsed XMP for the first key called `name`.

    Case matters: dc's "description" is a property, rdf's "Description" the node
    that holds all of them.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            if key == name:
                return value
        for value in node.values():
            found = _find_xmp(value, name)
            if found is not None:
                return found
    elif isinstance(node, list):
        for value in node:
            found = _find_xmp(value, name)
            if found is not None:
                return found
    return None


# (IPTC dataset, XMP property) for each Photo field filled from the file.
_METADATA_SOURCES = {
    "caption": ((2, 120), "description"),
    "credit": ((2, 110), "Credit"),
    "photographer": ((2, 80), "creator"),
    "copyright_notice": ((2, 116), "rights"),
}


def read_embedded_metadata(file) -> dict[str, str]:
    """Caption, credit, photographer and copyright from IPTC, else XMP; empty ones left out."""
    _rewind(file)
    try:
        with Image.open(file) as image:
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                xmp = image.getxmp() if hasattr(image, "getxmp") else {}
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return {}
    finally:
        _rewind(file)
    found = {}
    for field, (dataset, xmp_name) in _METADATA_SOURCES.items():
        text = _text(iptc.get(dataset)) or _text(_find_xmp(xmp, xmp_name))
        if text:
            found[field] = text
    return found


# EXIF orientations that turn the picture a quarter: its upright width is its stored height.
_QUARTER_TURNS = {5, 6, 7, 8}


def upright_size(file) -> tuple[int, int]:
    """The picture's (width, height) as readers see it, after any EXIF rotation.

    Read from the header alone, without decoding the pixels: the upload's request
    records it so that pages can show the original at its size before any copy exists.
    """
    _rewind(file)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if image.getexif().get(ExifTags.Base.Orientation) in _QUARTER_TURNS:
                width, height = height, width
    finally:
        _rewind(file)
    return width, height


def _rendition_name(original_name: str, width: int, extension: str) -> str:
    path = PurePosixPath(original_name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}w.{extension}")


def _save_in_place(storage, name: str, content: ContentFile) -> str:
    """Store `content` under exactly `name`, replacing whatever is there.

    A copy already under the name was left by an earlier run (cut short, perhaps halfway
    through writing it): it is replaced, where storage would otherwise keep it and save
    this one under a second, suffixed name. Should another run write the same name in
    between, storage suffixes this copy: it is dropped, the other one has the same pixels.
    """
    storage.delete(name)
    saved = storage.save(name, content)
    if saved != name:
        storage.delete(saved)
    return name


def delete_renditions(renditions: list[dict], storage) -> None:
    """Remove the files of renditions that no photo records."""
    for rendition in renditions:
        storage.delete(rendition["name"])


def make_renditions(image_file, storage) -> tuple[tuple[int, int], list[dict]]:
    """Save resized JPEG and WebP copies of an uploaded photo, each under a name made from
    the original's, so that making them again replaces them rather than adding files.

    Returns the upright size of the original and a description of each copy.

    Widths come from PHOTO_RENDITION_WIDTHS, never wider than the original, so a small
    original yields fewer, smaller copies. EXIF rotation is applied so pages and
    renditions agree on which side is up; then the copies keep only the pixels, none of
    the original's EXIF (GPS position, camera serial number), XMP or JPEG comment.
    """
    image_file.open("rb")
    try:
        with Image.open(image_file) as source:
            source = ImageOps.exif_transpose(source)
            if source.mode not in ("RGB", "L"):
                rgba = source.convert("RGBA")
                source = Image.new("RGB", rgba.size, "white")
                source.paste(rgba, mask=rgba.getchannel("A"))
            else:
                source = source.convert("RGB")
            # Pillow would write some of these back (a JPEG comment, for one).
            source.info.clear()
    finally:
        image_file.close()
    widths = sorted({min(width, source.width) for width in settings.PHOTO_RENDITION_WIDTHS})
    renditions = []
    for width in widths:
        height = max(1, round(source.height * width / source.width))
        resized = (
            source
            if width == source.width
            else source.resize((width, height), Image.Resampling.LANCZOS)
        )
        for image_format, extension, options in (
            ("jpeg", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
            ("webp", "webp", {"quality": 80, "method": 4}),
        ):
            buffer = io.BytesIO()
            resized.save(buffer, format=image_format.upper(), **options)
            name = _save_in_place(
                storage,
                _rendition_name(image_file.name, width, extension),
                ContentFile(buffer.getvalue()),
            )
            renditions.append(
                {
                    "name": name,
                    "width": width,
                    "height": height,
                    "format": image_format,
                    "bytes": buffer.tell(),
                }
            )
    return source.size, renditions

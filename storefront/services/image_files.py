"""Reading an uploaded image with Pillow, refusing what is not one, and making its copies.

Only JPEG, PNG and WebP are accepted, at most ``IMAGE_MAX_BYTES`` and
``IMAGE_MAX_PIXELS``: the size is read from the file's header before any pixel is
decoded, and Pillow's own decompression-bomb check is set to the same limit and made an
error. The photo's orientation is applied (``ImageOps.exif_transpose``) and only the pixels
are kept: the copies are written as WebP with no EXIF, XMP or ICC data, so nothing about the
camera, place or person travels with them.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from ..rules import IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS
from .errors import InvalidInput

Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# The copies' widths: a catalogue card (320) and a product page (800), each also at twice
# the density. None is wider than the image itself.
WIDTHS = (320, 640, 800, 1600)
WEBP_QUALITY = 82
ACCEPTED_TEXT = "Upload a JPEG, PNG or WebP image of at most 10 MB."


class ImageRefused(InvalidInput):
    """The file is not an image the shop takes; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__({"image": message}, message)


@dataclass(frozen=True)
class PreparedImage:
    """An image ready to store: its content key, size and the WebP copies by file name."""

    key: str
    width: int
    height: int
    files: dict[str, bytes]
    widths: tuple[int, ...]


def prepare(data: bytes) -> PreparedImage:
    """Check ``data`` and make its copies; raises ImageRefused with a reason a person reads."""
    if not data:
        raise ImageRefused("Choose an image file to upload.")
    if len(data) > IMAGE_MAX_BYTES:
        size = len(data) / (1024 * 1024)
        raise ImageRefused(f"The file is {size:.1f} MB: {ACCEPTED_TEXT}")
    image = _decode(data)
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    key = hashlib.sha256(data).hexdigest()[:32]
    files: dict[str, bytes] = {}
    widths: list[int] = []
    for width in WIDTHS:
        width = min(width, image.width)
        if width in widths:
            break
        height = max(1, round(image.height * width / image.width))
        copy = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        out = io.BytesIO()
        copy.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        files[f"{key}-{width}.webp"] = out.getvalue()
        widths.append(width)
    return PreparedImage(key, image.width, image.height, files, tuple(widths))


def _decode(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = ACCEPTED_FORMATS.get(image.format or "")
            if kind is None:
                raise ImageRefused(f"{image.format} images are not taken. {ACCEPTED_TEXT}")
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise _too_many_pixels(image.width, image.height)
            image.load()
    except ImageRefused:
        raise
    except UnidentifiedImageError:
        raise ImageRefused(
            f"This file is not an image the shop can read. {ACCEPTED_TEXT}"
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        most = IMAGE_MAX_PIXELS // 1_000_000
        raise ImageRefused(f"The image has too many pixels (at most {most} million).") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRefused(
            "The image could not be read to its end: it is truncated or damaged."
        ) from None
    return image


def _too_many_pixels(width: int, height: int) -> ImageRefused:
    most = IMAGE_MAX_PIXELS // 1_000_000
    return ImageRefused(
        f"The image is {width:,} by {height:,}: too many pixels (at most {most} million)."
    )


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info

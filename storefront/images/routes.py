"""GET /images/<name>: one stored image file.

A file's name is made from its content, so an address never changes meaning: browsers and
proxies may keep it for a year without asking again.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from flask import Response, abort, g, url_for

from ..models.images import copies
from ..services import images
from . import bp

CACHE_FOR_EVER = "public, max-age=31536000, immutable"


@bp.get("/<name>")
def file(name: str) -> Response:
    data = images.image_file(name)
    if data is None:
        abort(404, description="There is no image at this address.")
    response = Response(data, mimetype="image/webp")
    response.headers["Cache-Control"] = CACHE_FOR_EVER
    return response


@bp.app_template_global()
def image_url(name: str) -> str:
    """The address of a stored image file."""
    return url_for("images.file", name=name)


# Where each kind of picture is shown: the copy it starts from, and how wide it is drawn.
SHOWN = {
    "card": (320, "(max-width: 40rem) 100vw, 20rem"),
    "page": (800, "(max-width: 52rem) 100vw, 50rem"),
    "thumb": (320, "5rem"),
}


class Picture(NamedTuple):
    """What an <img> needs: src, srcset, sizes, width and height."""

    src: str
    srcset: str
    sizes: str
    width: int
    height: int


@bp.app_template_global()
def picture_of(image: Any, kind: str) -> Picture:
    """What an <img> of ``image`` needs where it is shown as ``kind``: src, srcset, sizes."""
    # Every file's address is the same stem and the file's name: the stem is found once a
    # request, and each picture's attributes once a process (a listing shows 24 of them).
    stem = g.get("image_stem")
    if stem is None:
        stem = g.image_stem = image_url("-")[:-1]
    return _picture(stem, image.key, image.widths, image.width, image.height, kind)


@lru_cache(maxsize=8192)
def _picture(stem: str, key: str, widths: str, width: int, height: int, kind: str) -> Picture:
    files = copies(key, widths, width, height)
    base, sizes = SHOWN[kind]
    name, shown_width, shown_height = next((c for c in files if c[1] >= base), files[-1])
    srcset = ", ".join(f"{stem}{n} {w}w" for n, w, _h in files if w <= 2 * max(base, shown_width))
    return Picture(stem + name, srcset, sizes, shown_width, shown_height)

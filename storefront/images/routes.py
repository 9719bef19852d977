"""GET /images/<name>: one stored image file.

A file's name is made from its content, so an address never changes meaning: browsers and
proxies may keep it for a year without asking again.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, url_for

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


@bp.app_template_global()
def picture_of(image: Any, kind: str) -> dict[str, Any]:
    """What an <img> of ``image`` needs where it is shown as ``kind``: src, srcset, sizes."""
    copies = image.sizes()
    base, sizes = SHOWN[kind]
    name, width, height = next((c for c in copies if c[1] >= base), copies[-1])
    srcset = ", ".join(f"{image_url(n)} {w}w" for n, w, _h in copies if w <= 2 * max(base, width))
    return {
        "src": image_url(name),
        "srcset": srcset,
        "sizes": sizes,
        "width": width,
        "height": height,
    }

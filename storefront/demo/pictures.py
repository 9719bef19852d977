"""A picture for every demo product, drawn with Pillow and stored as an upload would be.

Each is its category's shape (a guitar, a book, a bag of feed) in its brand's colours,
with its name: distinct per product, made in milliseconds, and sent through
``images.add_image`` like any upload (checked, resized, stored by content).
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select

from ..extensions import db
from ..models import Category, Product
from ..services import images

SIZE = (640, 480)
# A large demo (the bench's million products) gets pictures for this many products only.
MOST = 1000


def _colours(brand: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Two colours from the brand's name: the same brand, the same colours."""
    digest = hashlib.sha256(brand.encode()).digest()
    main = tuple(60 + b % 150 for b in digest[:3])
    accent = tuple(255 - c // 2 for c in main)
    return main, accent  # type: ignore[return-value]


def _shape(draw: ImageDraw.ImageDraw, category: str, main: tuple, accent: tuple) -> None:
    kind = category.lower()
    if "guitar" in kind:
        draw.rectangle((300, 100, 340, 250), fill=accent)  # the neck
        draw.rectangle((290, 78, 350, 112), fill=main)  # the head
        draw.ellipse((200, 200, 440, 330), fill=main)
        draw.ellipse((220, 280, 420, 440), fill=main)
        draw.ellipse((295, 270, 345, 320), fill=accent)  # the sound hole
    elif kind in ("pellets", "seed mixes", "treats"):
        draw.polygon(((220, 110), (420, 110), (460, 440), (180, 440)), fill=main)
        draw.rectangle((220, 85, 420, 125), fill=accent)
        draw.ellipse((280, 200, 360, 280), fill=accent)  # a seed
    else:  # books
        draw.rectangle((210, 85, 430, 440), fill=main)
        draw.rectangle((210, 85, 240, 440), fill=accent)  # the spine
        draw.rectangle((270, 120, 400, 180), fill=accent)


def draw(name: str, brand: str, category: str) -> bytes:
    """The product's picture as a JPEG."""
    main, accent = _colours(brand)
    picture = Image.new("RGB", SIZE, (248, 246, 240))
    pen = ImageDraw.Draw(picture)
    _shape(pen, category, main, accent)
    font = ImageFont.load_default(size=26)
    lines = textwrap.wrap(name, 36)[:2]
    for row, line in enumerate(lines):
        pen.text((320, 12 + 30 * row), line, fill=(30, 30, 30), font=font, anchor="mt")
    pen.text((20, 450), brand, fill=main, font=font, anchor="ls")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88)
    return out.getvalue()


def without_picture() -> int:
    """How many products have no picture yet."""
    statement = select(func.count()).select_from(Product).where(Product.cover_image_id.is_(None))
    return db.session.scalar(statement) or 0


def seed_pictures(progress: Callable[[int], None] | None = None) -> int:
    """Give products without a picture one (up to MOST in all); how many were added."""
    rows = db.session.execute(
        select(Product.id, Product.name, Product.brand_name, Category.name)
        .join(Category, Category.id == Product.category_id)
        .where(Product.cover_image_id.is_(None))
        .order_by(Product.slug)
        .limit(MOST)
    ).all()
    added = 0
    for product_id, name, brand, category in rows:
        images.add_image(product_id, draw(name, brand, category), f"{name} by {brand}")
        added += 1
        if progress:
            progress(1)
    return added

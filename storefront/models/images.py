"""A product's images: each stored once per size, under a name made from its content."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..rules import IMAGE_ALT_MAX_LENGTH
from .base import UTCDateTime, utcnow


class ProductImage(db.Model):
    __tablename__ = "product_images"
    __table_args__ = (Index("ix_product_images_product_position", "product_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    # The first 32 hex digits of the SHA-256 of the uploaded file: every stored file's name
    # starts with it, so a new image is a new address and old ones can be cached for ever.
    key: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)
    alt: Mapped[str] = mapped_column(String(IMAGE_ALT_MAX_LENGTH), default="")
    # The image's own size, after its orientation was applied.
    width: Mapped[int]
    height: Mapped[int]
    # The widths of the WebP copies, smallest first, space-separated ("320 640 800 1600").
    widths: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def sizes(self) -> list[tuple[str, int, int]]:
        """Each WebP copy: its file name, width and height."""
        return copies(self.key, self.widths, self.width, self.height)

    def __repr__(self) -> str:
        return f"<ProductImage {self.key}>"


def copies(key: str, widths: str, width: int, height: int) -> list[tuple[str, int, int]]:
    """Each WebP copy of the image ``key`` (``width`` x ``height``): file name, width, height."""
    return [
        (f"{key}-{w}.webp", w, max(1, round(height * w / width))) for w in map(int, widths.split())
    ]

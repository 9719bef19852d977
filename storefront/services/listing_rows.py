"""What a listing reads for each product: the whole product, or only what a card shows.

The JSON API and GraphQL list whole ``Product`` objects. The catalogue's pages show a card per
product, and loading 25 ORM objects with their cover images cost as much CPU as rendering the
cards: for them a listing reads only the card's columns, as plain rows (``cards=True``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import lazyload

from ..models import Product, ProductImage
from . import stock


class Cover(NamedTuple):
    """A product's first image, as a card draws it (``picture_of`` reads these fields)."""

    key: str
    widths: str
    width: int
    height: int
    alt: str


class CardProduct(NamedTuple):
    """A product as its card shows it, with every column a listing's cursors are made of."""

    id: uuid.UUID
    slug: str
    name: str
    brand_name: str
    price_cents: int
    track_stock: bool
    created_at: datetime
    cover_image: Cover | None


@dataclass(frozen=True)
class Listed:
    """A product as a listing shows it: with the units still available."""

    product: Product | CardProduct
    available: int


_CARD_COLUMNS = (
    Product.id,
    Product.slug,
    Product.name,
    Product.brand_name,
    Product.price_cents,
    Product.track_stock,
    Product.created_at,
)
_COVER_COLUMNS = (
    ProductImage.key,
    ProductImage.widths,
    ProductImage.width,
    ProductImage.height,
    ProductImage.alt,
)
_CARD_WIDTH = len(_CARD_COLUMNS)
_COVER_END = _CARD_WIDTH + len(_COVER_COLUMNS)


def listing_select(*, cards: bool) -> Select[Any]:
    """What a listing selects: the product (or a card's columns), then the units available.

    Join a card's cover with ``with_cover`` once the statement's FROM is set.
    """
    available = stock.available_expression(since=stock.FRESH_SINCE)
    if cards:
        return select(*_CARD_COLUMNS, *_COVER_COLUMNS, available)
    # A whole product carries the brand's name: brand, category and store are loaded only
    # if someone asks (from the identity map when already there).
    return select(Product, available).options(
        lazyload(Product.brand), lazyload(Product.category), lazyload(Product.store)
    )


def with_cover(statement: Select[Any], *, cards: bool) -> Select[Any]:
    """The statement with each card's cover image joined (whole products join their own)."""
    if not cards:
        return statement
    return statement.outerjoin(ProductImage, ProductImage.id == Product.cover_image_id)


def read_listed(rows: Iterable[Any], *, cards: bool) -> list[Listed]:
    """The rows of a ``listing_select`` statement as listed products."""
    if not cards:
        return [Listed(product, int(available)) for product, available in rows]
    found = []
    for row in rows:
        cover = row[_CARD_WIDTH:_COVER_END]
        card = CardProduct(*row[:_CARD_WIDTH], Cover(*cover) if cover[0] is not None else None)
        found.append(Listed(card, int(row[_COVER_END])))
    return found

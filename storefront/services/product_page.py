"""What the product page shows of a product, read in one statement as plain rows.

The page shows the product, its brand, category and store (name and address of each), all its
images and the units available. Loaded as ORM objects (the product with four joined
relations) that cost twice the CPU of the statement itself; read as rows, it is a tuple of
plain values, with the same attribute names the templates use on a ``Product``.
"""

from __future__ import annotations

import uuid
from typing import NamedTuple

from sqlalchemy import bindparam, select

from ..extensions import db
from ..models import Brand, Category, Product, ProductImage, Store
from . import stock
from .text import storable


class Linked(NamedTuple):
    """A brand, category or store as the page links to it."""

    name: str
    slug: str


class Image(NamedTuple):
    """One of the product's images (``picture_of`` reads these fields)."""

    key: str
    widths: str
    width: int
    height: int
    alt: str
    position: int


class ShownProduct(NamedTuple):
    """A product as its page shows it."""

    id: uuid.UUID
    name: str
    slug: str
    description: str
    price_cents: int
    track_stock: bool
    active: bool
    brand: Linked
    category: Linked
    store: Linked
    images: tuple[Image, ...]


_PRODUCT = (
    Product.id,
    Product.name,
    Product.slug,
    Product.description,
    Product.price_cents,
    Product.track_stock,
    Product.active,
)
_IMAGE = (
    ProductImage.key,
    ProductImage.widths,
    ProductImage.width,
    ProductImage.height,
    ProductImage.alt,
    ProductImage.position,
)
# One row per image (one with no image when it has none): built once, run with bound values.
_BY_SLUG = (
    select(
        *_PRODUCT,
        Brand.name,
        Brand.slug,
        Category.name,
        Category.slug,
        Store.name,
        Store.slug,
        stock.available_expression(since=stock.FRESH_SINCE),
        *_IMAGE,
    )
    .join(Brand, Brand.id == Product.brand_id)
    .join(Category, Category.id == Product.category_id)
    .join(Store, Store.id == Product.store_id)
    .outerjoin(ProductImage, ProductImage.product_id == Product.id)
    .where(Product.slug == bindparam("slug"))
)
_LINKS = len(_PRODUCT)
_AVAILABLE = _LINKS + 6


def product_with_available(slug: str) -> tuple[ShownProduct, int] | None:
    """The product with this slug (active or not) and the units still available."""
    if not storable(slug):
        return None
    # Plain rows: run on the session's connection, past the ORM's result handling.
    params = {"slug": slug, **stock.fresh_params()}
    rows = db.session.connection().execute(_BY_SLUG, params).all()
    if not rows:
        return None
    first = rows[0]
    links = first[_LINKS:_AVAILABLE]
    images = tuple(Image(*row[_AVAILABLE + 1 :]) for row in rows if row[_AVAILABLE + 1] is not None)
    product = ShownProduct(
        *first[:_LINKS],
        Linked(*links[0:2]),
        Linked(*links[2:4]),
        Linked(*links[4:6]),
        images,
    )
    return product, int(first[_AVAILABLE])

"""Finding things in the catalogue: a product, a store, a brand or category, and lists of them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, func, literal, select, true, union_all

from ..extensions import db
from ..models import Brand, Category, LookupStamp, Product, Store
from ..rules import is_id
from . import product_page, stock
from .pages import page_of
from .product_page import ShownProduct
from .text import storable

Named = TypeVar("Named", Brand, Category, Store)


@dataclass(frozen=True)
class Reference:
    """A brand, category or store as listings use it: id, name, slug (and a description)."""

    id: int
    name: str
    slug: str
    description: str = ""


@dataclass(frozen=True)
class References:
    """Every brand, category and store, by name: what the filters offer and accept."""

    brands: list[Reference]
    categories: list[Reference]
    stores: list[Reference]
    stamp: int = 0  # the database's stamp they were read at: equal stamps, equal lists

    def find(self, kind: str, slug: str) -> Reference | None:
        """The brand, category or store (``kind``) with this slug."""
        return next((item for item in getattr(self, _KINDS[kind]) if item.slug == slug), None)


_KINDS = {"brand": "brands", "category": "categories", "store": "stores"}


_STAMP = select(LookupStamp.version).where(LookupStamp.id == 1)
# Per engine (one per app): the stamp the lists were read at, and the lists.
_cached: WeakKeyDictionary[Engine, tuple[int, References]] = WeakKeyDictionary()


def references() -> References:
    """Every brand, category and store, each list by name.

    Kept per process and read again only when the database's stamp (raised by triggers on
    every change to the three tables) has moved: one small statement per page instead of
    the lists. The stamp is read first, so a change racing the read is seen next time.
    """
    stamp = db.session.connection().scalar(_STAMP) or 0
    cached = _cached.get(db.engine)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found = _read_references(stamp)
    _cached[db.engine] = (stamp, found)
    return found


def _read_references(stamp: int) -> References:
    parts = [
        select(literal(kind).label("kind"), model.id, model.name, model.slug, description)
        for kind, model, description in (
            ("brands", Brand, literal("")),
            ("categories", Category, literal("")),
            ("stores", Store, Store.description),
        )
    ]
    statement = union_all(*parts).order_by("kind", "name")
    found: dict[str, list[Reference]] = {"brands": [], "categories": [], "stores": []}
    for kind, item_id, name, slug, description in db.session.execute(statement):
        found[kind].append(Reference(item_id, name, slug, description or ""))
    return References(found["brands"], found["categories"], found["stores"], stamp)


def get_product_by_slug(slug: str) -> Product | None:
    """The product with this slug, active or not."""
    if not storable(slug):
        return None
    return db.session.scalar(select(Product).where(Product.slug == slug))


def product_with_available(slug: str) -> tuple[ShownProduct, int] | None:
    """The product with this slug as its page shows it, and the units still available, in
    one statement (``product_page``)."""
    return product_page.product_with_available(slug)


def get_product(product_id: str | uuid.UUID) -> Product | None:
    """The product with this id, or None (also for a malformed id)."""
    try:
        key = product_id if isinstance(product_id, uuid.UUID) else uuid.UUID(str(product_id))
    except ValueError:
        return None
    return db.session.get(Product, key)


def get_store_by_slug(slug: str) -> Store | None:
    """The store with this slug."""
    if not storable(slug):
        return None
    return db.session.scalar(select(Store).where(Store.slug == slug))


def get_named(model: type[Named], item_id: int) -> Named | None:
    """The brand, category or store with this id, or None."""
    return db.session.get(model, item_id) if is_id(item_id) else None


def available_for(product: Product) -> int:
    """How many units of ``product`` can still be put in a cart."""
    return stock.available_quantity(product.id)


def brands() -> list[Brand]:
    """All brands by name."""
    return list(db.session.scalars(select(Brand).order_by(Brand.name)))


def categories() -> list[Category]:
    """All categories by name."""
    return list(db.session.scalars(select(Category).order_by(Category.name)))


def stores() -> list[Store]:
    """All stores by name."""
    return list(db.session.scalars(select(Store).order_by(Store.name)))


def search_named(
    model: type[Named], search: str | None, page: int, per_page: int
) -> tuple[list[Named], int]:
    """A page of brands, categories or stores whose name contains ``search``."""
    if not storable(search):
        return [], 0
    condition = model.name.ilike(f"%{_escape_like(search)}%", escape="\\") if search else true()
    return page_of(model, condition, (func.lower(model.name), model.id), page, per_page)


def search_products(search: str | None, page: int, per_page: int) -> tuple[list[Product], int]:
    """A page of all products (active or not) whose name contains ``search``."""
    if not storable(search):
        return [], 0
    condition = Product.name.ilike(f"%{_escape_like(search)}%", escape="\\") if search else true()
    return page_of(Product, condition, (func.lower(Product.name), Product.id), page, per_page)


def _escape_like(text: str | None) -> str:
    return (text or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

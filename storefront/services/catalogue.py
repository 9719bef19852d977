"""Reading the catalogue: listings with sort, filters and pages; products; stores."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, select

from ..extensions import db
from ..models import Brand, Category, Product, Store
from . import stock
from .product_rules import is_id
from .text import storable

SORTS: dict[str, str] = {
    "name": "Name",
    "brand": "Brand",
    "price": "Price, low to high",
    "-price": "Price, high to low",
    "newest": "Newest",
}
DEFAULT_SORT = "name"
Named = TypeVar("Named", Brand, Category, Store)
MAX_PAGE = 10_000


@dataclass(frozen=True)
class CatalogueQuery:
    """What a shopper asked the catalogue for; unknown values fall back to defaults."""

    brand: str | None = None
    category: str | None = None
    store: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> CatalogueQuery:
        """Build a query from request-like arguments, ignoring what does not parse."""
        sort = args.get("sort") or DEFAULT_SORT
        try:
            page = int(args.get("page") or 1)
        except (TypeError, ValueError):
            page = 1
        return cls(
            brand=args.get("brand") or None,
            category=args.get("category") or None,
            store=args.get("store") or None,
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=min(max(page, 1), MAX_PAGE),
        )

    def as_args(self, **changes: Any) -> dict[str, Any]:
        """The query as URL arguments, with ``changes`` applied, defaults left out."""
        values = {
            "brand": self.brand,
            "category": self.category,
            "store": self.store,
            "sort": self.sort if self.sort != DEFAULT_SORT else None,
            "page": self.page if self.page != 1 else None,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "", 1)}


@dataclass(frozen=True)
class Listed:
    """A product as a listing shows it: with the units still available."""

    product: Product
    available: int


@dataclass
class CataloguePage:
    """One page of a listing."""

    items: list[Listed]
    page: int
    per_page: int
    has_next: bool
    filters: dict[str, Brand | Category | Store] = field(default_factory=dict)
    unknown_filters: list[str] = field(default_factory=list)

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def listable() -> ColumnElement[bool]:
    """Products a catalogue listing shows: active, with units available."""
    return Product.active.is_(True) & (Product.stock > 0) & (stock.available_expression() > 0)


def _ordered(statement: Select[Any], sort: str) -> Select[Any]:
    if sort == "brand":
        statement = statement.join(Product.brand).order_by(Brand.name, Product.name, Product.id)
    elif sort == "price":
        statement = statement.order_by(Product.price_cents, Product.id)
    elif sort == "-price":
        statement = statement.order_by(Product.price_cents.desc(), Product.id.desc())
    elif sort == "newest":
        statement = statement.order_by(Product.created_at.desc(), Product.id.desc())
    else:
        statement = statement.order_by(Product.name, Product.id)
    return statement


_FILTERS: dict[str, tuple[type[Brand] | type[Category] | type[Store], Any]] = {
    "brand": (Brand, Product.brand_id),
    "category": (Category, Product.category_id),
    "store": (Store, Product.store_id),
}


def _filtered(
    statement: Select[Any], query: CatalogueQuery
) -> tuple[Select[Any], dict[str, Brand | Category | Store], list[str]]:
    """``statement`` narrowed to the query's filters, the filters found, and those not found."""
    filters: dict[str, Brand | Category | Store] = {}
    unknown: list[str] = []
    for name, (model, column) in _FILTERS.items():
        slug = getattr(query, name)
        if slug is None:
            continue
        found = (
            db.session.scalar(select(model).where(model.slug == slug)) if storable(slug) else None
        )
        if found is None:
            unknown.append(name)
            continue
        filters[name] = found
        statement = statement.where(column == found.id)
    return statement, filters, unknown


def list_products(query: CatalogueQuery, per_page: int) -> CataloguePage:
    """One page of listable products matching ``query``."""
    statement = select(Product, stock.available_expression()).where(listable())
    statement, filters, unknown = _filtered(statement, query)
    if unknown:
        return CataloguePage([], query.page, per_page, False, filters, unknown)

    statement = _ordered(statement, query.sort)
    statement = statement.offset((query.page - 1) * per_page).limit(per_page + 1)
    rows = [Listed(product, int(available)) for product, available in db.session.execute(statement)]
    return CataloguePage(rows[:per_page], query.page, per_page, len(rows) > per_page, filters)


def count_products(query: CatalogueQuery) -> int:
    """How many listable products match ``query`` (all pages); 0 when a filter is unknown."""
    statement = select(func.count()).select_from(Product).where(listable())
    statement, _filters, unknown = _filtered(statement, query)
    if unknown:
        return 0
    return int(db.session.scalar(statement) or 0)


def get_product_by_slug(slug: str) -> Product | None:
    """The product with this slug, active or not."""
    if not storable(slug):
        return None
    return db.session.scalar(select(Product).where(Product.slug == slug))


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

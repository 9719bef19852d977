"""Reading the catalogue: listings with sort, filters and pages; products; stores.

A listing is read through an index in the sort's own order and stops after one page, so its
cost does not grow with the catalogue. Pages are reached two ways: by number (``page``, the
JSON API's way; deep numbers cost a scan of the rows before them) and by cursor (``after`` or
``before`` the row at a page's edge: the HTML pages' links, as fast on page 4,000 as on 1).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    func,
    literal,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import lazyload

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

# Each sort's columns, in order, and whether it runs from high to low. Every one ends with
# id, so that no two products tie and a cursor names exactly one place in the order.
_SORT_COLUMNS: dict[str, tuple[tuple[Any, ...], bool]] = {
    "name": ((Product.name, Product.id), False),
    "brand": ((Product.brand_name, Product.name, Product.id), False),
    "price": ((Product.price_cents, Product.id), False),
    "-price": ((Product.price_cents, Product.id), True),
    "newest": ((Product.created_at, Product.id), True),
}


@dataclass(frozen=True)
class CatalogueQuery:
    """What a shopper asked the catalogue for; unknown values fall back to defaults."""

    brand: str | None = None
    category: str | None = None
    store: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    # Cursors (see encode_cursor): the page after, or before, a given product.
    after: str | None = None
    before: str | None = None

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
            after=args.get("after") or None,
            before=args.get("before") or None,
        )

    def as_args(self, **changes: Any) -> dict[str, Any]:
        """The query as URL arguments, with ``changes`` applied, defaults left out."""
        values = {
            "brand": self.brand,
            "category": self.category,
            "store": self.store,
            "sort": self.sort if self.sort != DEFAULT_SORT else None,
            "page": self.page if self.page != 1 else None,
            "after": self.after,
            "before": self.before,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "", 1)}


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

    def find(self, kind: str, slug: str) -> Reference | None:
        """The brand, category or store (``kind``) with this slug."""
        return next((item for item in getattr(self, _KINDS[kind]) if item.slug == slug), None)


_KINDS = {"brand": "brands", "category": "categories", "store": "stores"}


@dataclass(frozen=True)
class Listed:
    """A product as a listing shows it: with the units still available."""

    product: Product
    available: int


@dataclass
class CataloguePage:
    """One page of a listing, with cursors to the pages on either side."""

    items: list[Listed]
    page: int
    per_page: int
    has_next: bool
    filters: dict[str, Reference] = field(default_factory=dict)
    unknown_filters: list[str] = field(default_factory=list)
    has_prev: bool = False
    next_cursor: str | None = None
    prev_cursor: str | None = None


@dataclass(frozen=True)
class Cursor:
    """A place in a listing's order: the page number it leads to and the sort key it passed."""

    page: int
    key: tuple[Any, ...]


def encode_cursor(page: int, key: tuple[Any, ...]) -> str:
    """A cursor as a short URL-safe token."""
    values = [page, *(_plain(value) for value in key)]
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def decode_cursor(token: str | None, columns: tuple[Any, ...]) -> Cursor | None:
    """The cursor in ``token`` for a sort on ``columns``, or None when it does not fit."""
    if not token or len(token) > 1000:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (ValueError, binascii.Error):
        return None
    if not isinstance(values, list) or len(values) != len(columns) + 1:
        return None
    page, *rest = values
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        return None
    key = []
    for column, value in zip(columns, rest, strict=True):
        parsed = _parse(column, value)
        if parsed is None:
            return None
        key.append(parsed)
    return Cursor(page, tuple(key))


def _parse(column: Any, value: Any) -> Any:
    try:
        if column is Product.id:
            return uuid.UUID(hex=value)
        if column is Product.created_at:
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo is not None else None
        if column is Product.price_cents:
            return value if isinstance(value, int) and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None


def references() -> References:
    """Every brand, category and store, each list by name, in one statement."""
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
    return References(found["brands"], found["categories"], found["stores"])


def listable(since: Any = None) -> ColumnElement[bool]:
    """Products a catalogue listing shows: active, with units available."""
    return (
        Product.active.is_(True)
        & (Product.stock > 0)
        & (stock.available_expression(since=since) > 0)
    )


def sort_columns(sort: str, filters: Any) -> tuple[tuple[Any, ...], bool]:
    """The columns a listing is ordered by, and whether from high to low."""
    if sort == "brand" and "brand" in filters:
        # One brand: its products in name order, which the brand's own index holds.
        return _SORT_COLUMNS["name"]
    return _SORT_COLUMNS.get(sort, _SORT_COLUMNS[DEFAULT_SORT])


_FILTER_COLUMNS = {
    "brand": Product.brand_id,
    "category": Product.category_id,
    "store": Product.store_id,
}

# Listing statements by shape (sort, filters, how the page is reached, page size), built
# once per process with bound parameters: building one costs more than running it.
_STATEMENTS: dict[tuple[Any, ...], Select[Any]] = {}


def _listing_statement(
    sort: str, filters: tuple[str, ...], reach: str, per_page: int
) -> Select[Any]:
    """The listing's statement for one shape; ``reach`` is "number", "after" or "before".

    Parameters: ``fresh_since``, one per filter (its name), ``offset`` when by number, and
    ``k0``, ``k1``... (the cursor's key) otherwise.
    """
    shape = (sort, filters, reach, per_page)
    statement = _STATEMENTS.get(shape)
    if statement is not None:
        return statement
    columns, descending = sort_columns(sort, filters)
    # A card shows the brand's name, which the product carries: brand, category and store
    # are loaded only if someone asks (from the identity map when already there).
    statement = (
        select(Product, stock.available_expression(since=stock.FRESH_SINCE))
        .where(listable(since=stock.FRESH_SINCE))
        .options(lazyload(Product.brand), lazyload(Product.category), lazyload(Product.store))
    )
    for name in filters:
        statement = statement.where(_FILTER_COLUMNS[name] == bindparam(name))
    if reach == "number":
        statement = statement.offset(bindparam("offset"))
    else:
        backwards = descending if reach == "after" else not descending
        row = tuple_(*columns)
        key = tuple_(*(bindparam(f"k{i}", type_=c.type) for i, c in enumerate(columns)))
        statement = statement.where(row < key if backwards else row > key)
        if reach == "before":
            descending = not descending
    statement = statement.order_by(*_directed(columns, descending)).limit(per_page + 1)
    _STATEMENTS[shape] = statement
    return statement


def list_products(
    query: CatalogueQuery, per_page: int, refs: References | None = None
) -> CataloguePage:
    """One page of listable products matching ``query``: by cursor if it has one, else by number.

    ``refs`` (from ``references()``) saves a statement when the caller has them already.
    """
    filters: dict[str, Reference] = {}
    unknown: list[str] = []
    for name in _FILTER_COLUMNS:
        slug = getattr(query, name)
        if slug is None:
            continue
        refs = refs or references()
        found = refs.find(name, slug)
        if found is None:
            unknown.append(name)
        else:
            filters[name] = found
    if unknown:
        return CataloguePage([], query.page, per_page, False, filters, unknown)

    columns, _descending = sort_columns(query.sort, filters)
    params: dict[str, Any] = {name: found.id for name, found in filters.items()}
    params.update(stock.fresh_params())
    after = decode_cursor(query.after, columns)
    before = decode_cursor(query.before, columns) if after is None else None
    cursor = after or before
    if cursor is not None:
        reach = "after" if after is not None else "before"
        params.update({f"k{i}": value for i, value in enumerate(cursor.key)})
    else:
        reach = "number"
        params["offset"] = (query.page - 1) * per_page
    statement = _listing_statement(query.sort, tuple(filters), reach, per_page)
    rows = [
        Listed(product, int(available))
        for product, available in db.session.execute(statement, params)
    ]
    if before is not None:
        # Read backwards from the cursor, then turned around.
        items = list(reversed(rows[:per_page]))
        earlier = len(rows) > per_page
        # Back at the start however the page was numbered: call it the first page.
        number = max(before.page, 2) if earlier else 1
        page = CataloguePage(items, number, per_page, True, filters, has_prev=earlier)
    else:
        number = after.page if after is not None else query.page
        page = CataloguePage(rows[:per_page], number, per_page, len(rows) > per_page, filters)
        page.has_prev = number > 1
    _link(page, columns)
    return page


def count_products(query: CatalogueQuery, refs: References | None = None) -> int:
    """How many listable products match ``query`` (all pages); 0 when a filter is unknown.

    This reads every matching product: the JSON API's totals pay for it, the pages do not.
    """
    statement = select(func.count()).select_from(Product).where(listable())
    for name, column in _FILTER_COLUMNS.items():
        slug = getattr(query, name)
        if slug is None:
            continue
        refs = refs or references()
        found = refs.find(name, slug)
        if found is None:
            return 0
        statement = statement.where(column == found.id)
    return int(db.session.scalar(statement) or 0)


def _directed(columns: tuple[Any, ...], descending: bool) -> list[Any]:
    return [column.desc() for column in columns] if descending else list(columns)


def _key(product: Product, columns: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(getattr(product, column.key) for column in columns)


def _link(page: CataloguePage, columns: tuple[Any, ...]) -> None:
    """Set the cursors of the pages on either side of ``page``."""
    if page.items and page.has_next:
        page.next_cursor = encode_cursor(page.page + 1, _key(page.items[-1].product, columns))
    if page.items and page.has_prev and page.page > 2:
        page.prev_cursor = encode_cursor(page.page - 1, _key(page.items[0].product, columns))


def get_product_by_slug(slug: str) -> Product | None:
    """The product with this slug, active or not."""
    if not storable(slug):
        return None
    return db.session.scalar(select(Product).where(Product.slug == slug))


_PRODUCT_BY_SLUG = select(Product, stock.available_expression(since=stock.FRESH_SINCE)).where(
    Product.slug == bindparam("slug")
)


def product_with_available(slug: str) -> tuple[Product, int] | None:
    """The product with this slug and the units still available, in one statement."""
    if not storable(slug):
        return None
    row = db.session.execute(_PRODUCT_BY_SLUG, {"slug": slug, **stock.fresh_params()}).first()
    return (row[0], int(row[1])) if row is not None else None


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

"""Listing the catalogue: pages of the products for sale, sorted and filtered.

A listing is read through an index in the sort's own order and stops after one page, so its
cost does not grow with the catalogue. Pages are reached two ways: by number (``page``, the
JSON API's way; deep numbers cost a scan of the rows before them) and by cursor (``after`` or
``before`` the row at a page's edge: the HTML pages' links, as fast on page 4,000 as on 1).
The query and its cursors are in ``catalogue_query``; single lookups in ``catalogue_lookups``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, select, tuple_

from ..extensions import db
from ..models import Product
from . import stock
from .catalogue_lookups import Reference, References, references
from .catalogue_query import DEFAULT_SORT, CatalogueQuery, decode_cursor, encode_cursor
from .listing_rows import Listed, listing_select, read_listed, with_cover

__all__ = ["CataloguePage", "Listed", "count_products", "list_products", "listable"]

# Each sort's columns, in order, and whether it runs from high to low. Every one ends with
# id, so that no two products tie and a cursor names exactly one place in the order.
_SORT_COLUMNS: dict[str, tuple[tuple[Any, ...], bool]] = {
    "name": ((Product.name, Product.id), False),
    "brand": ((Product.brand_name, Product.name, Product.id), False),
    "price": ((Product.price_cents, Product.id), False),
    "-price": ((Product.price_cents, Product.id), True),
    "newest": ((Product.created_at, Product.id), True),
}


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


def listable(since: Any = None) -> ColumnElement[bool]:
    """Products a catalogue listing shows: active, with units available (or not counted)."""
    counted = (Product.stock > 0) & (stock.available_expression(since=since) > 0)
    return Product.active.is_(True) & (Product.track_stock.is_(False) | counted)


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
    sort: str, filters: tuple[str, ...], reach: str, per_page: int, cards: bool
) -> Select[Any]:
    """The listing's statement for one shape; ``reach`` is "number", "after" or "before".

    Parameters: ``fresh_since``, one per filter (its name), ``offset`` when by number, and
    ``k0``, ``k1``... (the cursor's key) otherwise.
    """
    shape = (sort, filters, reach, per_page, cards)
    statement = _STATEMENTS.get(shape)
    if statement is not None:
        return statement
    columns, descending = sort_columns(sort, filters)
    statement = with_cover(listing_select(cards=cards), cards=cards).where(
        listable(since=stock.FRESH_SINCE)
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
    query: CatalogueQuery, per_page: int, refs: References | None = None, *, cards: bool = False
) -> CataloguePage:
    """One page of listable products matching ``query``: by cursor if it has one, else by number.

    ``refs`` (from ``references()``) saves a statement when the caller has them already;
    ``cards``: each product only as its card shows it (``listing_rows.CardProduct``).
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
    statement = _listing_statement(query.sort, tuple(filters), reach, per_page, cards)
    # Cards are plain rows: run on the session's connection, past the ORM's result handling.
    runner = db.session.connection() if cards else db.session
    rows = read_listed(runner.execute(statement, params), cards=cards)
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


def _key(product: Any, columns: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(getattr(product, column.key) for column in columns)


def _link(page: CataloguePage, columns: tuple[Any, ...]) -> None:
    """Set the cursors of the pages on either side of ``page``."""
    if page.items and page.has_next:
        page.next_cursor = encode_cursor(page.page + 1, _key(page.items[-1].product, columns))
    if page.items and page.has_prev and page.page > 2:
        page.prev_cursor = encode_cursor(page.page - 1, _key(page.items[0].product, columns))

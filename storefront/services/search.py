"""Full-text search of the products for sale, on either database's own engine (SPEC 10).

One service, one result: a ``CataloguePage`` like the catalogue's, so pages, templates and
the API show search results as they show listings. The catalogue's rules hold (only
active products with units available), with its filters and sorts, and ``relevance``, the
default for a search: on SQLite FTS5's BM25, on PostgreSQL ``ts_rank`` over the weighted
document (name, then brand, category, description). Pages are numbered: a ranking has no
key a cursor could hold.

The engines' objects are made by migration 0008: SQLite's ``product_search_fts`` (FTS5 over
``product_search``) and PostgreSQL's ``products.search_document`` with its GIN index, both
kept in step with every change to a product by triggers. What the shopper typed is read
by ``search_terms`` and reaches the engine only as bound parameters.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    TextClause,
    bindparam,
    column,
    func,
    select,
    table,
    text,
)

from ..extensions import db
from ..models import Product
from . import stock
from .catalogue import CataloguePage, listable, sort_columns
from .catalogue_lookups import Reference, References, references
from .catalogue_query import RELEVANCE, CatalogueQuery
from .listing_rows import listing_select, read_listed, with_cover
from .search_terms import SearchTerms, read

_FILTER_COLUMNS = {
    "brand": Product.brand_id,
    "category": Product.category_id,
    "store": Product.store_id,
}
# BM25's weight for each column of product_search_fts: name, brand, category, description.
FTS5_WEIGHTS = (10.0, 5.0, 2.0, 1.0)
_FTS5 = table("product_search_fts", column("rowid"))
_DOCUMENTS = table("product_search", column("id"), column("product_id"))
_FTS5_RANK = "bm25(product_search_fts, {})".format(", ".join(map(str, FTS5_WEIGHTS)))


def _postgres_query(terms: SearchTerms) -> str:
    """The tsquery's SQL: the words and phrases, and the last word exactly or as a prefix."""
    parts = []
    if terms.websearch():
        parts.append("websearch_to_tsquery('english', :web)")
    if terms.prefix is not None:
        parts.append("(websearch_to_tsquery('english', :word) || to_tsquery('simple', :prefix))")
    return "(" + " && ".join(parts) + ")"


def _match(dialect: str, terms: SearchTerms) -> tuple[TextClause, Any]:
    """The condition a product must meet, and the expression to rank it by (best first)."""
    if dialect == "sqlite":
        return text("product_search_fts MATCH :match"), text(_FTS5_RANK)
    query = _postgres_query(terms)
    return (
        text(f"products.search_document @@ {query}"),
        text(f"ts_rank(products.search_document, {query}) DESC"),
    )


def _params(dialect: str, terms: SearchTerms) -> dict[str, Any]:
    if dialect == "sqlite":
        return {"match": terms.fts5()}
    params: dict[str, Any] = {}
    if terms.websearch():
        params["web"] = terms.websearch()
    if terms.prefix is not None:
        params["word"] = terms.prefix
        params["prefix"] = terms.tsquery_prefix()
    return params


def _from(statement: Select[Any], dialect: str) -> Select[Any]:
    """Join the FTS5 table and its content rows to the products (SQLite only)."""
    if dialect != "sqlite":
        return statement
    return statement.select_from(
        _FTS5.join(_DOCUMENTS, _DOCUMENTS.c.id == _FTS5.c.rowid).join(
            Product, Product.id == _DOCUMENTS.c.product_id
        )
    )


_STATEMENTS: dict[tuple[Any, ...], Select[Any]] = {}


def _statement(
    dialect: str,
    terms: SearchTerms,
    sort: str,
    filters: tuple[str, ...],
    per_page: int,
    cards: bool,
) -> Select[Any]:
    """One page of matches; built once per shape, run with bound parameters."""
    shape = (
        dialect,
        bool(terms.websearch()),
        terms.prefix is not None,
        sort,
        filters,
        per_page,
        cards,
    )
    statement = _STATEMENTS.get(shape)
    if statement is not None:
        return statement
    condition, rank = _match(dialect, terms)
    statement = with_cover(_from(listing_select(cards=cards), dialect), cards=cards)
    statement = statement.where(condition, listable(since=stock.FRESH_SINCE))
    for name in filters:
        statement = statement.where(_FILTER_COLUMNS[name] == bindparam(name))
    if sort == RELEVANCE:
        order: list[Any] = [rank, Product.id]
    else:
        columns, descending = sort_columns(sort, filters)
        order = [column.desc() for column in columns] if descending else list(columns)
    statement = statement.order_by(*order).limit(per_page + 1).offset(bindparam("offset"))
    _STATEMENTS[shape] = statement
    return statement


def _filters(query: CatalogueQuery, refs: References | None) -> tuple[dict[str, Reference], list]:
    found: dict[str, Reference] = {}
    unknown: list[str] = []
    for name in _FILTER_COLUMNS:
        slug = getattr(query, name)
        if slug is None:
            continue
        refs = refs or references()
        reference = refs.find(name, slug)
        if reference is None:
            unknown.append(name)
        else:
            found[name] = reference
    return found, unknown


def search_products(
    query: CatalogueQuery, per_page: int, refs: References | None = None, *, cards: bool = False
) -> CataloguePage:
    """One numbered page of the listable products matching ``query.q``, with its filters.

    A query with nothing to look for (empty, or only operators and stop words) matches
    nothing. ``refs`` (from ``references()``) saves a statement when the caller has them;
    ``cards``: each product only as its card shows it (``listing_rows.CardProduct``).
    """
    filters, unknown = _filters(query, refs)
    terms = read(query.q)
    if unknown or not terms.searchable:
        return CataloguePage([], query.page, per_page, False, filters, unknown)
    dialect = db.session.get_bind().dialect.name
    statement = _statement(dialect, terms, query.sort, tuple(filters), per_page, cards)
    params: dict[str, Any] = {name: found.id for name, found in filters.items()}
    params.update(stock.fresh_params())
    params.update(_params(dialect, terms))
    params["offset"] = (query.page - 1) * per_page
    # Cards are plain rows: run on the session's connection, past the ORM's result handling.
    runner = db.session.connection() if cards else db.session
    rows = read_listed(runner.execute(statement, params), cards=cards)
    page = CataloguePage(rows[:per_page], query.page, per_page, len(rows) > per_page, filters)
    page.has_prev = query.page > 1
    return page


def count_matches(query: CatalogueQuery, refs: References | None = None) -> int:
    """How many listable products match ``query.q`` and its filters (all pages)."""
    filters, unknown = _filters(query, refs)
    terms = read(query.q)
    if unknown or not terms.searchable:
        return 0
    dialect = db.session.get_bind().dialect.name
    condition, _rank = _match(dialect, terms)
    statement: ColumnElement[Any] | Select[Any] = _from(select(func.count()), dialect)
    if dialect != "sqlite":
        statement = statement.select_from(Product)
    statement = statement.where(condition, listable())
    for name, found in filters.items():
        statement = statement.where(_FILTER_COLUMNS[name] == found.id)
    return int(db.session.scalar(statement, _params(dialect, terms)) or 0)

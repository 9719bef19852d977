"""Every catalogue query is served by an index: no full scan of products, no sort of its rows.

Each shape of listing (every sort, with no filter and with each combination of filters,
reached by page number, after a cursor and before one) is run through the real service;
the statement it sent is then explained on the same connection with the same parameters.

SQLite: ``EXPLAIN QUERY PLAN`` must not say ``SCAN products`` without an index, nor
``USE TEMP B-TREE`` (a sort of every matching row).

PostgreSQL: the planner costs plans by table size, and a test's tables are tiny, so it
would rightly choose a sequential scan and a sort here whatever indexes exist. With
``enable_seqscan`` and ``enable_sort`` off for the explaining transaction, it still may use
them but only when no index can do the job (their cost becomes prohibitive, not impossible),
which is the question asked: so a ``Seq Scan`` on products or a ``Sort`` in the plan fails.
"""

from __future__ import annotations

import itertools
import json

import pytest
from sqlalchemy import event

from storefront.extensions import db
from storefront.services import catalogue, catalogue_lookups
from storefront.services.catalogue import sort_columns
from storefront.services.catalogue_query import SORTS, CatalogueQuery, encode_cursor
from tests import factories

FILTERS = ("brand", "category", "store")
FILTER_SETS = [
    combination for size in range(4) for combination in itertools.combinations(FILTERS, size)
]


@pytest.fixture
def shop(app):
    with app.app_context():
        product = factories.product(
            "Telecaster",
            brand=factories.brand("Fender"),
            category=factories.category("Electric"),
            store=factories.store("Guitars"),
        )
        return product.id


class Capture:
    """The last statement on products sent to the database, with its parameters."""

    def __init__(self) -> None:
        self.sent: tuple[str, object] | None = None

    def __call__(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if "FROM products" in statement and not statement.startswith("EXPLAIN"):
            self.sent = (statement, parameters)


def explain(statement: str, parameters: object) -> list[str]:
    """Problems in the statement's plan: full scans and sorts; empty when there are none."""
    connection = db.session.connection()
    cursor = connection.connection.driver_connection.cursor()
    if connection.dialect.name == "sqlite":
        cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
        details = [row[3] for row in cursor.fetchall()]
        return [
            detail
            for detail in details
            if "TEMP B-TREE" in detail or (detail.startswith("SCAN ") and " USING " not in detail)
        ]
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute("SET LOCAL enable_sort = off")
    cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return [
        f"{node['Node Type']} {node.get('Relation Name', '')}".strip()
        for node in _nodes(plan[0]["Plan"])
        if node["Node Type"] in ("Seq Scan", "Sort", "Incremental Sort")
    ]


def _nodes(node: dict) -> list[dict]:
    return [node, *(found for child in node.get("Plans", []) for found in _nodes(child))]


def shapes() -> list[tuple[str, tuple[str, ...], str]]:
    return [
        (sort, filters, reach)
        for sort in SORTS
        for filters in FILTER_SETS
        for reach in ("number", "after", "before")
    ]


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_listing_shape_uses_an_index(app, shop, sort):
    slugs = {"brand": "fender", "category": "electric", "store": "guitars"}
    capture = Capture()
    problems = {}
    with app.app_context():
        product = catalogue_lookups.get_product(shop)
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            for _sort, filters, reach in [shape for shape in shapes() if shape[0] == sort]:
                columns, _ = sort_columns(sort, filters)
                cursor = encode_cursor(2, tuple(getattr(product, c.key) for c in columns))
                query = CatalogueQuery(
                    sort=sort,
                    page=3 if reach == "number" else 1,
                    after=cursor if reach == "after" else None,
                    before=cursor if reach == "before" else None,
                    **{name: slugs[name] for name in filters},
                )
                for cards in (False, True):  # the API's whole products, the pages' cards
                    capture.sent = None
                    catalogue.list_products(query, 24, cards=cards)
                    assert capture.sent is not None
                    found = explain(*capture.sent)
                    if found:
                        problems[(filters, reach, cards)] = found
                    db.session.rollback()
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
    assert problems == {}


def test_product_page_finds_its_product_by_index(app, shop):
    capture = Capture()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", capture)
        try:
            assert catalogue_lookups.product_with_available("fender-telecaster") is not None
        finally:
            event.remove(db.engine, "before_cursor_execute", capture)
        assert explain(*capture.sent) == []

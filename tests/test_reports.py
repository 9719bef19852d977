"""The removed-from-cart report, on a history built by hand."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from storefront.database import write_transaction
from storefront.models import CartEvent
from storefront.models.base import utcnow
from storefront.services import carts, checkout, reports
from tests import factories


@pytest.fixture
def history(app):
    """Four carts, counted by hand:

    cart 1 (alice): +5 A, set A to 3 (-2), +2 B, remove B (-2), checked out
    cart 2 (bob):   +4 A, set A to 1 (-3), still open
    cart 3 (carol): +2 A, cart deleted (-2)
    cart 4 (dave):  +1 B, nothing removed
    """
    with app.app_context():
        a = factories.product("Alpha", stock=20)
        b = factories.product("Bravo", stock=20)
        alice, bob, carol, dave = (
            factories.user(name).id for name in ("alice", "bob", "carol", "dave")
        )
        one = carts.add_item(None, alice, a.id, 5)
        carts.set_quantity(one.id, alice, a.id, 3)
        carts.add_item(one.id, alice, b.id, 2)
        carts.remove_line(one.id, alice, b.id)
        checkout.place_order_from_cart(one.id, alice)
        two = carts.add_item(None, bob, a.id, 4)
        carts.set_quantity(two.id, bob, a.id, 1)
        three = carts.add_item(None, carol, a.id, 2)
        carts.delete_cart(three.id, carol)
        carts.add_item(None, dave, b.id, 1)
        return {"a": a.id, "b": b.id}


def test_figures_equal_the_hand_count(app, history):
    with app.app_context():
        rows = {row.product: row for row in reports.removed_items(*reports.default_range())}
    alpha, bravo = rows["Alpha"], rows["Bravo"]
    assert (alpha.times_removed, alpha.quantity_removed, alpha.distinct_carts) == (3, 7, 3)
    assert (alpha.checked_out_anyway, alpha.still_open) == (1, 1)
    assert (bravo.times_removed, bravo.quantity_removed, bravo.distinct_carts) == (1, 2, 1)
    assert (bravo.checked_out_anyway, bravo.still_open) == (1, 0)


def test_a_quantity_increase_is_not_a_removal(app):
    with app.app_context():
        product = factories.product("Charlie", stock=9)
        owner = factories.user("erin").id
        cart = carts.add_item(None, owner, product.id, 1)
        carts.set_quantity(cart.id, owner, product.id, 4)
        assert reports.removed_items(*reports.default_range()) == []


def test_date_range_keeps_only_events_inside_it(app, history):
    with app.app_context():
        with write_transaction() as session:
            for event in session.scalars(select(CartEvent).where(CartEvent.kind == "cart_deleted")):
                event.created_at -= timedelta(days=40)
        rows = {row.product: row for row in reports.removed_items(*reports.default_range())}
        assert (rows["Alpha"].times_removed, rows["Alpha"].quantity_removed) == (2, 5)
        old = reports.removed_items(utcnow() - timedelta(days=60), utcnow() - timedelta(days=30))
        assert [(row.product, row.quantity_removed) for row in old] == [("Alpha", 2)]


@pytest.mark.parametrize(
    ("sort", "first"),
    [("times", "Alpha"), ("name", "Alpha"), ("quantity", "Alpha"), ("open", "Alpha")],
)
def test_sorting(app, history, sort, first):
    with app.app_context():
        assert reports.removed_items(*reports.default_range(), sort=sort)[0].product == first


def test_csv_has_the_same_rows(app, history):
    with app.app_context():
        rows = reports.removed_items(*reports.default_range())
        parsed = list(csv.reader(io.StringIO(reports.removed_items_csv(rows))))
    assert parsed[0] == reports.CSV_HEADER
    assert [line[1:] for line in parsed[1:]] == [
        [
            row.product,
            *map(
                str,
                (
                    row.times_removed,
                    row.quantity_removed,
                    row.distinct_carts,
                    row.checked_out_anyway,
                    row.still_open,
                ),
            ),
        ]
        for row in rows
    ]


def test_csv_defuses_formulas_in_names(app):
    with app.app_context():
        product = factories.product("=HYPERLINK(1)", stock=3)
        owner = factories.user("frank").id
        cart = carts.add_item(None, owner, product.id, 2)
        carts.remove_line(cart.id, owner, product.id)
        text = reports.removed_items_csv(reports.removed_items(*reports.default_range()))
    assert "'=HYPERLINK(1)" in text


def test_reserved_and_sold(app, history):
    with app.app_context():
        reserved = {item.product: item.quantity for item in reports.reserved_by_product()}
        assert reserved == {"Alpha": 1, "Bravo": 1}
        assert reports.sold_by_product() == []  # the order is not paid yet

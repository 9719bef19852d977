"""Placing orders: stock, lines as sold, one order per cart, all or nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Cart, Order, Product
from storefront.services import carts, checkout, stock
from storefront.services.errors import InvalidInput
from tests import factories


def test_order_takes_stock_keeps_lines_as_sold_and_closes_the_cart(alice):
    guitar = factories.product("Telecaster", price_cents=89900, stock=3)
    book = factories.product("Moby Dick", price_cents=1299, stock=10)
    cart = carts.add_item(None, alice, guitar.id, 2)
    carts.add_item(cart.id, alice, book.id, 1)

    order = checkout.place_order_from_cart(cart.id, alice)
    assert order.status == "pending_payment"
    assert order.total_cents == 2 * 89900 + 1299
    assert {(line.name, line.unit_price_cents, line.quantity) for line in order.lines} == {
        ("Telecaster", 89900, 2),
        ("Moby Dick", 1299, 1),
    }
    assert order.number.startswith("SF-")
    assert db.session.get(Product, guitar.id).stock == 1
    assert db.session.get(Cart, cart.id).status == "checked_out"
    assert stock.reserved_quantity(guitar.id) == 0  # the cart no longer holds, the order took

    with write_transaction() as session:  # a later price change never touches the order
        session.get(Product, guitar.id).price_cents = 1
    assert db.session.get(Order, order.id).lines[0].unit_price_cents in (89900, 1299)
    assert {line.unit_price_cents for line in db.session.get(Order, order.id).lines} == {
        89900,
        1299,
    }


def test_second_submit_of_the_same_cart_returns_the_same_order(alice):
    product = factories.product(stock=5)
    cart = carts.add_item(None, alice, product.id, 2)
    first = checkout.place_order_from_cart(cart.id, alice)
    second = checkout.place_order_from_cart(cart.id, alice)
    assert first.id == second.id
    assert db.session.get(Product, product.id).stock == 3
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1


def test_short_stock_changes_nothing_and_names_the_lines(ctx, alice):
    scarce = factories.product("Les Paul", stock=2)
    plenty = factories.product("Strings", stock=50)
    cart = carts.add_item(None, alice, scarce.id, 2)
    carts.add_item(cart.id, alice, plenty.id, 5)
    factories.age_carts(ctx.config["CART_TTL_MINUTES"] - 1)
    with write_transaction() as session:  # a stock count found one guitar fewer
        session.get(Product, scarce.id).stock = 1

    with pytest.raises(checkout.StockShort) as raised:
        checkout.place_order_from_cart(cart.id, alice)
    assert "Les Paul: 1 left" in raised.value.message
    assert [item.name for item in raised.value.shortfalls] == ["Les Paul"]
    assert db.session.get(Product, plenty.id).stock == 50
    assert db.session.get(Cart, cart.id).status == "active"
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_someone_elses_cart_cannot_be_ordered(alice):
    bob = factories.user("bob").id
    product = factories.product(stock=5)
    cart = carts.add_item(None, bob, product.id, 1)
    with pytest.raises(carts.CartNotFound):
        checkout.place_order_from_cart(cart.id, alice)
    assert db.session.get(Product, product.id).stock == 5


def test_direct_order_without_a_cart(alice):
    one = factories.product(stock=5, price_cents=500)
    two = factories.product(stock=5, price_cents=700)
    order = checkout.place_order(alice, [(one.id, 2), (two.id, 1), (one.id, 1)])
    assert order.total_cents == 3 * 500 + 700
    assert db.session.get(Product, one.id).stock == 2


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        ([], checkout.EmptyOrder),
        ([("unknown", 1)], carts.ProductNotFound),
        ([("inactive", 1)], checkout.StockShort),
        ([("product", 0)], InvalidInput),
        ([("product", 6)], checkout.StockShort),
    ],
)
def test_direct_order_refusals_change_nothing(alice, lines, error):
    product = factories.product(stock=5)
    inactive = factories.product(stock=5, active=False)
    ids = {"product": product.id, "inactive": inactive.id, "unknown": uuid.uuid4()}
    with pytest.raises(error):
        checkout.place_order(alice, [(ids[name], quantity) for name, quantity in lines])
    assert db.session.get(Product, product.id).stock == 5
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_an_order_does_not_take_units_other_carts_hold(alice):
    product = factories.product(stock=3)
    bob = factories.user("bob").id
    carts.add_item(None, bob, product.id, 2)
    with pytest.raises(checkout.StockShort):
        checkout.place_order(alice, [(product.id, 2)])
    assert checkout.place_order(alice, [(product.id, 1)]).total_cents > 0

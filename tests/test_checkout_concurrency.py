"""Checkouts at the same moment: never more sold than there is, one order per cart."""

from __future__ import annotations

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Order, Product
from storefront.services import carts, checkout, stock
from tests import factories
from tests.test_cart_concurrency import run_at_once


def test_thirty_customers_ten_units(app):
    with app.app_context():
        product_id = factories.product("Last Guitars", stock=10).id
        buyers = [factories.user(f"buyer{number}").id for number in range(30)]

    def buy(number):
        try:
            checkout.place_order(buyers[number], [(product_id, 1)])
        except checkout.StockShort as error:
            return error.message
        return "ordered"

    outcomes = run_at_once(app, 30, buy)
    assert outcomes.count("ordered") == 10
    assert outcomes.count("Not enough stock for your order. Last Guitars: sold out.") == 20
    with app.app_context():
        assert db.session.get(Product, product_id).stock == 0
        assert db.session.scalar(select(func.count()).select_from(Order)) == 10


def test_one_cart_submitted_ten_times_at_once_makes_one_order(app):
    with app.app_context():
        product_id = factories.product(stock=5).id
        owner = factories.user("eager").id
        cart_id = carts.add_item(None, owner, product_id, 2).id

    orders = run_at_once(app, 10, lambda _n: checkout.place_order_from_cart(cart_id, owner).id)
    assert len(set(orders)) == 1
    with app.app_context():
        assert db.session.get(Product, product_id).stock == 3
        assert db.session.scalar(select(func.count()).select_from(Order)) == 1


def test_checkouts_and_cart_adds_racing_never_oversell(app):
    with app.app_context():
        product_id = factories.product(stock=6).id
        people = [factories.user(f"person{number}").id for number in range(16)]

    def act(number):
        try:
            if number % 2:
                checkout.place_order(people[number], [(product_id, 1)])
            else:
                carts.add_item(None, people[number], product_id, 1)
        except (checkout.StockShort, carts.NotEnoughStock):
            return 0
        return 1

    granted = sum(run_at_once(app, 16, act))
    assert granted == 6
    with app.app_context():
        ordered = db.session.scalar(select(func.count()).select_from(Order))
        assert db.session.get(Product, product_id).stock == 6 - ordered
        assert stock.reserved_quantity(product_id) == 6 - ordered
        assert stock.available_quantity(product_id) == 0

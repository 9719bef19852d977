"""Many carts asking for the last units at once: never more granted than available."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import CartLine
from storefront.services import carts, stock
from tests import factories


def run_at_once(app, count, work):
    start = threading.Barrier(count)

    def attempt(number):
        with app.app_context():
            start.wait()
            try:
                return work(number)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(attempt, range(count)))


def test_twenty_carts_racing_for_five_units(app):
    with app.app_context():
        product_id = factories.product(stock=5).id
        owners = [factories.user(f"racer{number}").id for number in range(20)]

    def add_one(number):
        try:
            carts.add_item(None, owners[number], product_id, 1)
        except carts.NotEnoughStock:
            return "refused"
        return "granted"

    outcomes = run_at_once(app, 20, add_one)
    assert outcomes.count("granted") == 5
    assert outcomes.count("refused") == 15
    with app.app_context():
        assert db.session.scalar(select(func.sum(CartLine.quantity))) == 5
        assert stock.available_quantity(product_id) == 0


def test_one_cart_clicked_many_times_at_once(app):
    with app.app_context():
        product_id = factories.product(stock=7).id
        owner = factories.user("clicker").id
        cart_id = carts.create_cart(owner).id

    def add_one(_number):
        try:
            carts.add_item(cart_id, owner, product_id, 1)
        except carts.NotEnoughStock:
            return "refused"
        return "granted"

    outcomes = run_at_once(app, 12, add_one)
    assert outcomes.count("granted") == 7
    with app.app_context():
        assert carts.get_cart(cart_id, owner).item_count == 7


def test_adds_and_removes_interleaved_keep_the_books_straight(app):
    with app.app_context():
        product_id = factories.product(stock=3).id
        owners = [factories.user(f"shopper{number}").id for number in range(10)]

    def churn(number):
        granted = 0
        for _ in range(5):
            try:
                cart = carts.add_item(None, owners[number], product_id, 1)
            except carts.NotEnoughStock:
                continue
            granted += 1
            carts.delete_cart(cart.id, owners[number])
        return granted

    run_at_once(app, 10, churn)
    with app.app_context():
        assert stock.reserved_quantity(product_id) == 0
        assert stock.available_quantity(product_id) == 3

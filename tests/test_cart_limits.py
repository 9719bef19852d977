"""Carts have bounds (issue "Hardening", finding 6): at most CART_MAX_LINES different products
and CART_MAX_QUANTITY units a line, refused with clear messages on the pages (a flash) and in
the API (409 ``cart_full`` or 422, in the error shape), nothing changed. Placing an order asks
every line's availability in one statement whatever the number of lines."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import event, func, select

from storefront.extensions import db
from storefront.models import CartLine, Order
from storefront.services import cart_limits, checkout
from tests import factories
from tests.api_helpers import SUCCESS_CARD, Api
from tests.helpers import AuthActions, post_form, text_of

SMALL = {"CART_MAX_LINES": 3, "CART_MAX_QUANTITY": 5}


@pytest.fixture
def small(make_app):
    app = make_app(**SMALL)
    with app.app_context():
        ids = [str(factories.product(f"Model {n}", stock=50).id) for n in range(5)]
    return app, ids


def line_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CartLine))


def test_the_defaults_are_100_lines_and_1000_units(app):
    assert (app.config["CART_MAX_LINES"], app.config["CART_MAX_QUANTITY"]) == (100, 1000)
    with app.app_context():
        assert (cart_limits.max_lines(), cart_limits.max_quantity()) == (100, 1000)


def test_the_cart_page_refuses_a_line_too_many(small):
    app, ids = small
    client = app.test_client()
    AuthActions(client).register("alice")
    for product_id in ids[:3]:
        post_form(
            client, "/cart/add", {"product_id": product_id, "quantity": 1, "next": "/"}, page="/"
        )
    post_form(client, "/cart/add", {"product_id": ids[3], "quantity": 1, "next": "/"}, page="/")
    page = text_of(client.get("/cart"))
    assert "A cart holds at most 3 different products" in page
    assert line_count(app) == 3
    # More of a product already in the cart is still fine, up to the units a line may hold.
    post_form(client, "/cart/add", {"product_id": ids[0], "quantity": 4, "next": "/"}, page="/")
    post_form(client, "/cart/add", {"product_id": ids[0], "quantity": 1, "next": "/"}, page="/")
    assert "A cart holds at most 5 of Model 0: 0 more can be added." in text_of(client.get("/cart"))
    post_form(client, "/cart/add", {"product_id": ids[1], "quantity": 6, "next": "/"}, page="/")
    assert "Quantity must be a whole number from 1 to 5." in text_of(client.get("/cart"))
    assert 'max="5"' in text_of(client.get("/cart"))


def test_the_api_answers_409_cart_full_and_422_for_a_quantity(small):
    app, ids = small
    customer = Api(app).customer("carol")
    cart = customer.ok("POST", "/carts", status=201)
    for product_id in ids[:3]:
        customer.ok("POST", f"/carts/{cart['id']}/lines", {"product_id": product_id, "quantity": 1})
    full = customer.post(f"/carts/{cart['id']}/lines", {"product_id": ids[3], "quantity": 1})
    assert full.status_code == 409
    assert full.get_json()["error"]["code"] == "cart_full"
    assert "at most 3 different products" in full.get_json()["error"]["message"]
    too_many = customer.put(f"/carts/{cart['id']}/lines/{ids[0]}", {"quantity": 6})
    assert too_many.status_code == 422
    assert "from 0 to 5" in too_many.get_json()["error"]["fields"]["quantity"]
    lines = [{"product_id": product_id, "quantity": 1} for product_id in ids[:4]]
    order = customer.post("/orders", {"lines": lines, "card": SUCCESS_CARD})
    assert order.status_code == 422
    assert "at most 3 different products" in order.get_json()["error"]["fields"]["lines"]
    assert line_count(app) == 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0


def test_a_guest_cart_merged_at_login_stays_within_the_bounds(small):
    app, ids = small
    client = app.test_client()
    auth = AuthActions(client)
    auth.register("alice")
    for product_id in ids[:2]:
        post_form(
            client, "/cart/add", {"product_id": product_id, "quantity": 4, "next": "/"}, page="/"
        )
    auth.logout()
    for product_id in (ids[0], ids[2], ids[3]):
        post_form(
            client, "/cart/add", {"product_id": product_id, "quantity": 3, "next": "/"}, page="/"
        )
    auth.login("alice")
    page = text_of(client.get("/cart"))
    assert "Only 5 of Model 0 could stay in your cart" in page
    # One of the two new products found the cart full (which one: the merge goes in id order).
    full = "could not join your cart: it already holds the most different products a cart may (3)."
    dropped = [n for n in (2, 3) if f"Model {n} {full}" in page]
    assert len(dropped) == 1
    assert "Only 0 of" not in page  # not "no more are available": the cart was full
    with app.app_context():
        held = dict(db.session.execute(select(CartLine.product_id, CartLine.quantity)).all())
        assert sorted(held.values()) == [3, 4, 5]


def test_a_full_cart_checks_out_with_one_availability_question(app, shop, ctx):
    products = [shop.product(f"Model {n}", stock=10) for n in range(100)]
    customer = Api(app).customer("carol")
    cart = customer.ok("POST", "/carts", status=201)
    for product in products:
        customer.ok(
            "POST", f"/carts/{cart['id']}/lines", {"product_id": product["id"], "quantity": 1}
        )
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement.lower())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        order = checkout.place_order_from_cart(UUID(cart["id"]), UUID(customer.user["id"]))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    asked = [sql for sql in statements if "sum(cart_lines.quantity)" in sql]
    locked = [sql for sql in statements if "for update" in sql and "from products" in sql]
    assert len(order.lines) == 100
    assert len(asked) == 1
    assert len(locked) <= 1  # SQLite has no FOR UPDATE: its write transaction is the lock

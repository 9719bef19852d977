"""Buying through the API: checkout, orders without a cart, and every payment answer."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Order, PaymentAttempt
from storefront.models.base import utcnow
from storefront.models.orders import IN_FLIGHT
from tests.api_helpers import DECLINED_CARD, SUCCESS_CARD, Api, error_of, some_id
from tests.payment_sandbox import free_port


def counts(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Order)),
            db.session.scalar(select(func.count()).select_from(PaymentAttempt)),
        )


def test_direct_order_of_several_products(api, shop, app):
    """SPEC 5 POST /orders: N products, M units each; bad requests change nothing."""
    products = [shop.product(f"Model {n}", price=f"{n}0.00", stock=5) for n in (1, 2, 3)]
    alice = api.customer()
    lines = [{"product_id": product["id"], "quantity": 2} for product in products]
    response = alice.post("/orders", {"lines": lines, "card": SUCCESS_CARD})
    assert response.status_code == 201
    order = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/orders/{order['id']}")
    assert order["status"] == "paid"
    assert order["total"] == "120.00"
    assert sorted(
        (line["name"], line["quantity"], line["line_total"]) for line in order["lines"]
    ) == [
        ("Model 1", 2, "20.00"),
        ("Model 2", 2, "40.00"),
        ("Model 3", 2, "60.00"),
    ]
    assert [shop.stock_of(product) for product in products] == [3, 3, 3]
    before = counts(app)

    off = shop.product("Switched off", stock=5, active=False)
    refused = {
        "unknown product": (
            alice.post(
                "/orders",
                {"lines": [{"product_id": some_id(), "quantity": 1}], "card": SUCCESS_CARD},
            ),
            422,
        ),
        "inactive product": (
            alice.post(
                "/orders",
                {"lines": [*lines, {"product_id": off["id"], "quantity": 1}], "card": SUCCESS_CARD},
            ),
            409,
        ),
        "empty list": (alice.post("/orders", {"lines": [], "card": SUCCESS_CARD}), 422),
        "unknown field": (
            alice.post("/orders", {"lines": lines, "card": SUCCESS_CARD, "coupon": "x"}),
            422,
        ),
        "unknown line field": (
            alice.post("/orders", {"lines": [{**lines[0], "price": "0.01"}], "card": SUCCESS_CARD}),
            422,
        ),
        "too many": (
            alice.post("/orders", {"lines": [{**lines[0], "quantity": 4}], "card": SUCCESS_CARD}),
            409,
        ),
        "no card": (alice.post("/orders", {"lines": lines}), 422),
    }
    for what, (answer, status) in refused.items():
        assert answer.status_code == status, (what, answer.get_json())
    inactive = refused["inactive product"][0].get_json()["error"]
    assert inactive["code"] == "stock_short"
    assert inactive["shortfalls"] == [
        {"product_id": off["id"], "name": "Switched off", "wanted": 1, "available": 0}
    ]
    assert refused["unknown line field"][0].get_json()["error"]["fields"] == {
        "lines.0.price": "Unknown field."
    }
    assert counts(app) == before
    assert [shop.stock_of(product) for product in products] == [3, 3, 3]


def test_card_problems_are_named_under_card_and_never_echoed(api, shop, app, caplog):
    caplog.set_level(logging.DEBUG)
    product = shop.product("Telecaster")
    alice = api.customer()
    card = {"name": "", "number": "4242424242424241", "expiry": "0101", "cvv": "98"}
    response = alice.post(
        "/orders", {"lines": [{"product_id": product["id"], "quantity": 1}], "card": card}
    )
    error = error_of(response, 422)
    assert set(error["fields"]) == {"card.name", "card.number", "card.expiry", "card.cvv"}
    assert "4242424242424241" not in response.get_data(as_text=True)
    missing = error_of(
        alice.post("/orders", {"lines": [], "card": {"number": SUCCESS_CARD["number"]}}), 422
    )
    assert {"card.name", "card.expiry", "card.cvv", "lines"} <= set(missing["fields"])
    alice.ok(
        "POST",
        "/orders",
        {"lines": [{"product_id": product["id"], "quantity": 1}], "card": SUCCESS_CARD},
        201,
    )
    assert counts(app) == (1, 1)
    for secret in ("4242424242424241", SUCCESS_CARD["number"], card["cvv"], SUCCESS_CARD["cvv"]):
        assert secret not in caplog.text


def test_paid_declined_then_paid_with_another_card(api, shop):
    product = shop.product("Telecaster", price="899.00", stock=3)
    alice = api.customer()
    line = {"product_id": product["id"], "quantity": 1}
    assert (
        alice.ok("POST", "/orders", {"lines": [line], "card": SUCCESS_CARD}, 201)["status"]
        == "paid"
    )

    declined = error_of(alice.post("/orders", {"lines": [line], "card": DECLINED_CARD}), 402)
    assert declined["code"] == "payment_declined"
    assert "declined" in declined["message"]
    order = declined["order"]
    assert (order["status"], order["card_last4"]) == ("pending_payment", "0002")
    assert alice.ok("GET", f"/orders/{order['id']}")["status"] == "pending_payment"
    assert shop.stock_of(product) == 1  # the pending order keeps its unit

    paid = alice.ok("POST", f"/orders/{order['id']}/pay", {"card": SUCCESS_CARD}, 201)
    assert (paid["id"], paid["status"], paid["card_last4"]) == (order["id"], "paid", "4242")
    assert paid["payment_id"]
    assert paid["paid_at"]
    again = alice.ok("POST", f"/orders/{order['id']}/pay", {"card": SUCCESS_CARD}, 201)
    assert again["payment_id"] == paid["payment_id"]  # never charged twice


def test_provider_down_keeps_the_order_pending(make_app, shop):
    app = make_app(
        PAYMENT_URL=f"http://127.0.0.1:{free_port()}",
        PAYMENT_RETRIES=0,
        PAYMENT_TIMEOUT_SECONDS=1,
    )
    product = shop.product("Telecaster", stock=2)  # through the default app: the same database
    alice = Api(app).customer()
    cart = alice.ok("POST", "/carts", status=201)["id"]
    alice.ok("POST", f"/carts/{cart}/lines", {"product_id": product["id"], "quantity": 1})
    response = alice.post(f"/carts/{cart}/checkout", {"card": SUCCESS_CARD})
    assert response.status_code == 202
    order = response.get_json()
    assert order["status"] == "pending_payment"
    assert alice.ok("GET", "/orders")["items"][0]["id"] == order["id"]
    assert alice.ok("GET", "/carts")["items"] == []  # the cart became the order
    # Sending the checkout again gives the same order, still pending; no second order.
    assert (
        alice.ok("POST", f"/carts/{cart}/checkout", {"card": SUCCESS_CARD}, 202)["id"]
        == order["id"]
    )
    assert alice.ok("GET", "/orders")["total"] == 1


def test_a_payment_already_in_flight_answers_pending(api, shop, app):
    product = shop.product("Telecaster")
    alice = api.customer()
    line = {"product_id": product["id"], "quantity": 1}
    order = error_of(alice.post("/orders", {"lines": [line], "card": DECLINED_CARD}), 402)["order"]
    with app.app_context(), write_transaction() as session:
        attempt = session.scalars(select(PaymentAttempt)).one()
        attempt.status, attempt.claimed_at = IN_FLIGHT, utcnow()
    pending = alice.ok("POST", f"/orders/{order['id']}/pay", {"card": SUCCESS_CARD}, 202)
    assert pending["status"] == "pending_payment"


def test_orders_are_only_their_owners(api, shop):
    product = shop.product("Telecaster")
    alice, bob = api.customer("alice"), api.customer("bob")
    line = {"product_id": product["id"], "quantity": 1}
    mine = [
        alice.ok("POST", "/orders", {"lines": [line], "card": SUCCESS_CARD}, 201) for _ in range(3)
    ]
    page = alice.ok("GET", "/orders?per_page=2")
    assert (page["total"], len(page["items"]), page["items"][0]["id"]) == (3, 2, mine[-1]["id"])
    assert bob.ok("GET", "/orders") == {"items": [], "page": 1, "per_page": 24, "total": 0}
    assert error_of(bob.get(f"/orders/{mine[0]['id']}"), 404)
    assert error_of(bob.post(f"/orders/{mine[0]['id']}/pay", {"card": SUCCESS_CARD}), 404)
    assert error_of(alice.get(f"/orders/{some_id()}"), 404)
    assert error_of(alice.get("/orders?page=0"), 422)

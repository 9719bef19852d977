"""The JSON API, from its URL map: another customer's carts and orders answer 404 and tell
nothing; a guest gets 401; and fields a customer may not set are refused."""

from __future__ import annotations

import re

import pytest

from storefront.api.auth import Access
from storefront.payments.sandbox import DECLINE_CARD
from tests.api_helpers import Caller

CARD = {"name": "Ada Lovelace", "number": DECLINE_CARD, "expiry": "1239", "cvv": "123"}
PRIVATE = ("cart_id", "order_id")


@pytest.fixture
def alices(api, shop):
    """Alice's cart with a line, and her pending order (declined card)."""
    product = shop.product("Telecaster", stock=5)
    alice = api.customer("alice")
    cart = alice.ok("POST", "/carts", status=201)
    alice.ok("POST", f"/carts/{cart['id']}/lines", {"product_id": product["id"], "quantity": 1})
    declined = alice.post(
        "/orders", {"lines": [{"product_id": product["id"], "quantity": 1}], "card": CARD}
    )
    assert declined.status_code == 402
    order = declined.json["error"]["order"]
    return {
        "cart_id": cart["id"],
        "order_id": order["id"],
        "product_id": product["id"],
        "number": order["number"],
        "alice": alice,
    }


def private_routes(app):
    """Routes a customer may call on their own carts and orders (admins' ones answer 403)."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "api_access", None) is Access.ADMIN:
            continue
        if rule.rule.startswith("/api/v1/") and set(PRIVATE) & set(rule.arguments):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule


def fill(rule, ids) -> str:
    """The rule's path below /api/v1 (callers add the prefix), with real ids in it."""
    path = rule.rule.removeprefix("/api/v1")
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(ids[match.group(1)]), path)


def valid_body(method: str, rule: str, ids) -> dict | None:
    """A body the route would accept, so that only ownership can refuse it."""
    if method == "PUT":
        return {"quantity": 1}
    if method != "POST":
        return None
    if rule.endswith("/lines"):
        return {"product_id": ids["product_id"], "quantity": 1}
    if rule.endswith("/voucher"):
        return {"code": "ANY-CODE"}
    if rule.endswith("/cancel"):
        return {"reason": "Changed my mind"}
    return {"card": CARD}


def test_another_customers_objects_are_not_found(app, api, alices):
    routes = list(private_routes(app))
    assert len(routes) >= 8
    bob = api.customer("bob")
    for method, rule in routes:
        response = bob.call(method, fill(rule, alices), json=valid_body(method, rule.rule, alices))
        assert response.status_code == 404, (method, rule.rule, response.json)
        assert alices["number"] not in response.get_data(as_text=True)
        assert response.json["error"]["code"] == "not_found"
    # and nothing of Alice's changed
    assert alices["alice"].ok("GET", f"/carts/{alices['cart_id']}")["item_count"] == 1
    assert alices["alice"].ok("GET", f"/orders/{alices['order_id']}")["status"] == "pending_payment"


def test_a_guest_gets_401(app, api, alices):
    for method, rule in private_routes(app):
        response = Caller(app.test_client()).call(method, fill(rule, alices), json={})
        assert response.status_code == 401, (method, rule.rule)


def test_fields_a_customer_may_not_set_are_refused(api, shop):
    product = shop.product("Les Paul", price="2499.00", stock=3)
    mallory = api.customer("mallory")
    extra = {"is_admin": True, "user_id": "00000000-0000-4000-8000-000000000000"}
    assert mallory.patch("/me", {"name": "Mal", **extra}).status_code == 422
    assert mallory.ok("GET", "/me")["is_admin"] is False
    registered = api.anonymous.post("/users", {"username": "eve", "password": "x" * 12, **extra})
    assert registered.status_code == 422
    cart = mallory.ok("POST", "/carts", status=201)
    line = {"product_id": product["id"], "quantity": 1, "price": "0.01"}
    assert mallory.post(f"/carts/{cart['id']}/lines", line).status_code == 422
    order = {"lines": [{**line, "stock": 99}], "card": CARD}
    assert mallory.post("/orders", order).status_code == 422
    assert (
        mallory.patch(f"/products/{product['id']}", {"price": "0.01", "stock": 99}).status_code
        == 403
    )
    assert shop.stock_of(product) == 3

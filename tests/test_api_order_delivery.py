"""Buying through the API with an address and a shipping method, and without (old clients)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Address, Order, PaymentAttempt
from tests.api_helpers import SUCCESS_CARD, error_of

ADA = {
    "full_name": "Ada Lovelace",
    "line1": "12 St James's Square",
    "city": "London",
    "postal_code": "SW1Y 4JH",
    "country": "GB",
}


def methods(admin):
    """Standard ($4.99, free from $50), Express ($12.00); and collecting in store."""
    standard = admin.ok(
        "POST",
        "/admin/shipping-methods",
        {"name": "Standard", "price": "4.99", "free_from": "50.00"},
        201,
    )
    express = admin.ok(
        "POST", "/admin/shipping-methods", {"name": "Express", "price": "12.00"}, 201
    )
    return standard, express


def order_body(product, quantity=1, **delivery):
    return {
        "lines": [{"product_id": product["id"], "quantity": quantity}],
        "card": SUCCESS_CARD,
        **delivery,
    }


def charged(app, order_id):
    with app.app_context():
        return db.session.scalars(
            select(PaymentAttempt.amount_cents).where(
                PaymentAttempt.order_id == uuid.UUID(order_id)
            )
        ).all()


def counts(app):
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Order, Address, PaymentAttempt)
        )


def test_an_old_client_without_an_address_gets_collect_in_store(api, shop, app):
    methods(shop.admin)
    guitar = shop.product("Telecaster", price="20.00")
    order = api.customer().ok("POST", "/orders", order_body(guitar), 201)
    assert order["address"] is None
    assert order["shipping"] == {"method": "Collect in store", "price": "0.00"}
    assert order["total"] == "20.00"


def test_an_old_client_ships_to_the_default_address_by_the_cheapest_method(api, shop, app):
    methods(shop.admin)
    guitar = shop.product("Telecaster", price="20.00", stock=5)
    alice = api.customer()
    alice.ok("POST", "/addresses", ADA, 201)
    order = alice.ok("POST", "/orders", order_body(guitar), 201)
    assert order["address"]["line1"] == ADA["line1"]
    assert order["shipping"] == {"method": "Standard", "price": "4.99"}
    assert order["total"] == "24.99"
    assert charged(app, order["id"]) == [2499]  # the charge includes shipping
    cart = alice.ok("POST", "/carts", None, 201)
    alice.ok("POST", f"/carts/{cart['id']}/lines", {"product_id": guitar["id"], "quantity": 1})
    from_cart = alice.ok("POST", f"/carts/{cart['id']}/checkout", {"card": SUCCESS_CARD}, 201)
    assert from_cart["shipping"]["method"] == "Standard"
    assert from_cart["total"] == "24.99"


def test_a_new_address_and_a_chosen_method_are_copied_and_the_address_saved(api, shop, app):
    _standard, express = methods(shop.admin)
    guitar = shop.product("Telecaster", price="30.00", stock=5)
    alice = api.customer()
    order = alice.ok(
        "POST", "/orders", order_body(guitar, 2, address=ADA, shipping_method=express["id"]), 201
    )
    assert order["address"] == {**ADA, "line2": None, "phone": None}
    assert order["shipping"] == {"method": "Express", "price": "12.00"}
    assert order["total"] == "72.00"
    assert charged(app, order["id"]) == [7200]
    book = alice.ok("GET", "/addresses")["items"]
    assert [(item["line1"], item["is_default"]) for item in book] == [(ADA["line1"], True)]
    # The same address again is not saved twice.
    alice.ok(
        "POST", "/orders", order_body(guitar, 1, address=ADA, shipping_method=express["id"]), 201
    )
    assert alice.ok("GET", "/addresses")["total"] == 1


def test_free_from_makes_shipping_free(api, shop):
    standard, _express = methods(shop.admin)
    amp = shop.product("Amp", price="25.00", stock=5)
    order = api.customer().ok(
        "POST", "/orders", order_body(amp, 2, address=ADA, shipping_method=standard["id"]), 201
    )
    assert order["shipping"] == {"method": "Standard", "price": "0.00"}
    assert order["total"] == "50.00"


def test_the_order_keeps_its_copy_after_the_method_and_address_change(api, shop):
    standard, _express = methods(shop.admin)
    guitar = shop.product("Telecaster", price="10.00", stock=5)
    alice = api.customer()
    saved = alice.ok("POST", "/addresses", ADA, 201)
    order = alice.ok(
        "POST",
        "/orders",
        order_body(guitar, address_id=saved["id"], shipping_method=standard["id"]),
        201,
    )
    shop.admin.ok(
        "PATCH", f"/admin/shipping-methods/{standard['id']}", {"name": "Slow", "price": "9.00"}
    )
    alice.ok("PUT", f"/addresses/{saved['id']}", {**ADA, "city": "Bath"})
    again = alice.ok("GET", f"/orders/{order['id']}")
    assert again["shipping"] == {"method": "Standard", "price": "4.99"}
    assert again["address"]["city"] == "London"
    assert again["total"] == "14.99"
    listed = alice.ok("GET", "/orders")["items"][0]
    assert listed["shipping"]["method"] == "Standard"


def test_bad_delivery_answers_422_and_changes_nothing(api, shop, app):
    _standard, express = methods(shop.admin)
    guitar = shop.product("Telecaster", price="10.00", stock=5)
    alice = api.customer()
    before = counts(app)
    cases = {
        "shipping_method": order_body(guitar, shipping_method=9999),
        "address.country": order_body(guitar, address={**ADA, "country": "XX"}),
        "address.city": order_body(guitar, address={**ADA, "city": " "}),
        "address": order_body(guitar, shipping_method=express["id"]),  # needs an address
        "address_id": order_body(guitar, address=ADA, address_id=guitar["id"]),
    }
    for field, body in cases.items():
        error = error_of(alice.post("/orders", body), 422)
        assert field in error["fields"], (field, error)
    error = error_of(alice.post("/orders", order_body(guitar, address_id=guitar["id"])), 422)
    assert "address_id" in error["fields"]
    assert counts(app) == before
    assert shop.stock_of(guitar) == 5


def test_another_customers_address_cannot_be_shipped_to(api, shop, app):
    methods(shop.admin)
    guitar = shop.product("Telecaster", price="10.00", stock=5)
    bobs = api.customer("bob").ok("POST", "/addresses", ADA, 201)
    error = error_of(
        api.customer("alice").post("/orders", order_body(guitar, address_id=bobs["id"])), 422
    )
    assert "address_id" in error["fields"]
    assert shop.stock_of(guitar) == 5

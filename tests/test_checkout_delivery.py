"""Checkout's page with an address and a shipping method; the order pages show them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Address, Cart, Order
from storefront.services import accounts, shipping_methods
from tests import factories
from tests.helpers import PASSWORD, post_form, text_of
from tests.test_checkout_pages import CARD, add

ADDRESS = {
    "full_name": "Alice Liddell",
    "line1": "7 Christ Church",
    "line2": "",
    "city": "Oxford",
    "postal_code": "OX1 1DP",
    "country": "GB",
    "phone": "",
}


@pytest.fixture
def shop(app):
    with app.app_context():
        product = factories.product("Telecaster", price_cents=4000, stock=3)
        standard = shipping_methods.save_method(
            None, {"name": "Standard", "price": "4.99", "free_from": "100.00"}
        )
        express = shipping_methods.save_method(None, {"name": "Express", "price": "15.00"})
        return {
            "guitar": {"id": str(product.id), "slug": product.slug},
            "standard": standard.id,
            "express": express.id,
        }


def checkout(client, **fields):
    page = text_of(client.get("/checkout"))
    cart_id = re.search(r'name="cart_id" type="hidden" value="([^"]+)"', page).group(1)
    return post_form(client, "/checkout", {**CARD, **fields, "cart_id": cart_id}, page="/checkout")


def orders(app):
    with app.app_context():
        found = db.session.scalars(select(Order)).all()
        db.session.expunge_all()
        return found


def test_the_page_offers_the_methods_with_their_prices_and_the_address_fields(client, auth, shop):
    auth.register("alice")
    add(client, shop["guitar"], 1)
    page = text_of(client.get("/checkout"))
    for label in ("Shipping method", "Full name", "Address line 1", "Address line 2", "City"):
        assert f">{label}</label>" in page
    for label in ("Postal code", "Country", "Phone"):
        assert f">{label}</label>" in page
    assert "Standard: $4.99" in page
    assert "Express: $15.00" in page
    assert "Collect in store: free" in page  # from the migration, or built in
    assert "$44.99" in page  # the total with the default method


def test_buying_with_a_new_address_and_a_method(app, client, auth, shop):
    auth.register("alice")
    add(client, shop["guitar"], 2)
    response = checkout(client, shipping_method=str(shop["express"]), **ADDRESS)
    [order] = orders(app)
    assert response.location.endswith(f"/orders/{order.id}")
    assert (order.shipping_method, order.shipping_cents, order.total_cents) == (
        "Express",
        1500,
        9500,
    )
    assert (order.ship_line1, order.ship_city, order.ship_country) == (
        "7 Christ Church",
        "Oxford",
        "GB",
    )
    page = text_of(client.get(response.location))
    assert "is paid" in page
    assert "Shipping: Express" in page
    assert "$95.00" in page
    assert "7 Christ Church" in page
    assert "United Kingdom" in page
    with app.app_context():
        saved = db.session.scalars(select(Address)).all()
        assert [(item.line1, item.is_default) for item in saved] == [("7 Christ Church", True)]


def test_a_saved_address_is_offered_and_used(app, client, auth, shop):
    auth.register("alice")
    post_form(client, "/account/addresses/new", {**ADDRESS, "line1": "1 Saved Street"})
    add(client, shop["guitar"], 3)
    page = text_of(client.get("/checkout"))
    assert "Alice Liddell, 1 Saved Street, Oxford" in page
    with app.app_context():
        saved_id = db.session.scalar(select(Address.id))
    checkout(client, ship_to=str(saved_id), shipping_method=str(shop["standard"]))
    [order] = orders(app)
    assert order.ship_line1 == "1 Saved Street"
    assert (order.shipping_cents, order.total_cents) == (0, 12000)  # free from $100


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"city": ""}, "City is required."),
        ({"country": "XX"}, "Choose a country"),
        (
            {"full_name": "", "line1": "", "city": "", "postal_code": "", "country": ""},
            "Full name is required.",
        ),
        ({"shipping_method": "9999"}, "Choose one of the shipping methods offered."),
    ],
)
def test_a_bad_address_or_method_shows_errors_and_places_nothing(
    app, client, auth, shop, change, message
):
    auth.register("alice")
    add(client, shop["guitar"], 1)
    fields = {**ADDRESS, "shipping_method": str(shop["standard"]), **change}
    response = checkout(client, **fields)
    assert response.status_code == 200
    assert message in text_of(response)
    assert orders(app) == []
    with app.app_context():
        assert db.session.scalars(select(Address)).all() == []
        assert db.session.scalar(select(Cart.status)) == "active"


def test_collect_in_store_needs_no_address(app, client, auth, shop):
    auth.register("alice")
    add(client, shop["guitar"], 1)
    collect = re.search(
        r'<option[^>]*value="(\d+)"[^>]*>Collect in store', text_of(client.get("/checkout"))
    )
    checkout(client, shipping_method=collect.group(1))
    [order] = orders(app)
    assert (order.shipping_method, order.shipping_cents, order.ship_line1) == (
        "Collect in store",
        0,
        None,
    )


def test_the_admins_order_page_shows_address_and_shipping(app, client, auth, shop):
    auth.register("alice")
    add(client, shop["guitar"], 1)
    checkout(client, shipping_method=str(shop["standard"]), **ADDRESS)
    [order] = orders(app)
    auth.logout()
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
    auth.login("boss")
    page = text_of(client.get(f"/admin/orders/{order.id}"))
    assert "Shipping: Standard" in page
    assert "7 Christ Church" in page
    assert "$44.99" in page

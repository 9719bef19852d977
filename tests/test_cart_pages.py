"""The cart through its pages: add, update, remove, and what the catalogue shows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import CartEvent, CartLine
from tests import factories
from tests.helpers import post_form, text_of


@pytest.fixture
def guitar(app):
    with app.app_context():
        product = factories.product("Telecaster", price_cents=89900, stock=3)
        return {"id": str(product.id), "slug": product.slug}


def add(client, product, quantity, page=None):
    return post_form(
        client,
        "/cart/add",
        {"product_id": product["id"], "quantity": quantity, "next": "/cart"},
        page=page or f"/products/{product['slug']}",
    )


def lines(app) -> list[tuple[str, int]]:
    with app.app_context():
        return [
            (line.product.name, line.quantity)
            for line in db.session.scalars(select(CartLine).order_by(CartLine.id))
        ]


def events(app) -> list[tuple[str, int]]:
    with app.app_context():
        return [
            (event.kind, event.delta)
            for event in db.session.scalars(select(CartEvent).order_by(CartEvent.id))
        ]


def test_add_from_the_product_page(app, client, guitar):
    response = add(client, guitar, 2)
    assert response.status_code == 302
    page = text_of(client.get("/cart"))
    assert "Telecaster" in page
    assert "$899.00" in page
    assert "$1,798.00" in page  # line total and cart total
    assert 'value="2"' in page
    assert lines(app) == [("Telecaster", 2)]
    assert events(app) == [("add", 2)]


def test_add_from_a_catalogue_card(app, client, guitar):
    page = text_of(client.get("/products"))
    assert ">Add to cart</button>" in page
    assert f'for="quantity-{guitar["id"]}">Quantity</label>' in page
    add(client, guitar, 1, page="/products")
    assert lines(app) == [("Telecaster", 1)]


def test_adding_again_adds_to_the_same_line(app, client, guitar):
    add(client, guitar, 1)
    add(client, guitar, 2)
    assert lines(app) == [("Telecaster", 3)]
    assert events(app) == [("add", 1), ("add", 2)]


def test_more_than_available_says_how_many_are_left_and_changes_nothing(app, client, guitar):
    add(client, guitar, 2)
    response = add(client, guitar, 2)
    assert "Only 1 more Telecaster can be added." in text_of(client.get(response.location))
    assert lines(app) == [("Telecaster", 2)]
    assert events(app) == [("add", 2)]


@pytest.mark.parametrize("quantity", ["abc", "-1", "0", "1001", "", "2.5"])
def test_bad_quantities_are_refused_and_change_nothing(app, client, guitar, quantity):
    response = add(client, guitar, quantity)
    assert response.status_code == 302
    assert "Quantity must be a whole number from 1 to 1000." in text_of(client.get("/cart"))
    assert lines(app) == []
    assert events(app) == []


def test_inactive_product_cannot_be_added(app, client):
    with app.app_context():
        product = factories.product("Old Model", active=False)
        data = {"id": str(product.id), "slug": product.slug}
    response = add(client, data, 1, page="/login")
    assert "Old Model is not for sale right now." in text_of(client.get(response.location))
    assert lines(app) == []


@pytest.mark.parametrize("product_id", ["not-a-uuid", "7d3f2a1e-0000-4000-8000-000000000000"])
def test_unknown_product_cannot_be_added(app, client, guitar, product_id):
    response = add(client, {"id": product_id, "slug": guitar["slug"]}, 1)
    assert "There is no such product." in text_of(client.get(response.location))
    assert lines(app) == []


def update(client, product, quantity):
    return post_form(client, f"/cart/lines/{product['id']}", {"quantity": quantity}, page="/cart")


def test_update_quantity_up_and_down(app, client, guitar):
    add(client, guitar, 1)
    update(client, guitar, 3)
    assert lines(app) == [("Telecaster", 3)]
    update(client, guitar, 2)
    assert lines(app) == [("Telecaster", 2)]
    assert events(app) == [("add", 1), ("set", 2), ("set", -1)]


def test_update_above_available_is_refused(app, client, guitar):
    add(client, guitar, 1)
    update(client, guitar, 4)
    assert "Only 2 more Telecaster can be added." in text_of(client.get("/cart"))
    assert lines(app) == [("Telecaster", 1)]


def test_update_to_zero_removes_the_line(app, client, guitar):
    add(client, guitar, 2)
    update(client, guitar, 0)
    assert lines(app) == []
    assert events(app) == [("add", 2), ("remove", -2)]
    assert "Your cart is empty." in text_of(client.get("/cart"))


@pytest.mark.parametrize("quantity", ["x", "-1", "1001"])
def test_update_with_bad_quantity_changes_nothing(app, client, guitar, quantity):
    add(client, guitar, 2)
    update(client, guitar, quantity)
    assert "Quantity must be a whole number from 0 to 1000." in text_of(client.get("/cart"))
    assert lines(app) == [("Telecaster", 2)]


def test_remove_button(app, client, guitar):
    add(client, guitar, 2)
    page = text_of(client.get("/cart"))
    for word in (">Update</button>", ">Remove</button>", ">Quantity</label>"):
        assert word in page
    response = post_form(client, f"/cart/lines/{guitar['id']}/remove", page="/cart")
    assert response.status_code == 302
    assert lines(app) == []
    assert events(app) == [("add", 2), ("remove", -2)]


def test_cart_buttons_need_csrf(app, client, guitar):
    add(client, guitar, 2)
    assert client.post(f"/cart/lines/{guitar['id']}/remove").status_code == 400
    assert client.post(f"/cart/lines/{guitar['id']}", data={"quantity": 0}).status_code == 400
    data = {"product_id": guitar["id"], "quantity": 1}
    assert client.post("/cart/add", data=data).status_code == 400
    assert lines(app) == [("Telecaster", 2)]


def test_last_units_in_a_cart_hide_the_product_until_released(app, client, guitar):
    shopper = app.test_client()
    assert "Telecaster" in text_of(shopper.get("/products"))
    add(client, guitar, 3)
    assert "Telecaster" not in text_of(shopper.get("/products"))
    assert "Out of stock" in text_of(shopper.get(f"/products/{guitar['slug']}"))

    update(client, guitar, 1)
    listing = text_of(shopper.get("/products"))
    assert "Telecaster" in listing
    assert "2 available" in listing

    post_form(client, f"/cart/lines/{guitar['id']}/remove", page="/cart")
    assert "3 available" in text_of(shopper.get("/products"))


def test_an_expired_cart_releases_its_units(app, client, guitar):
    add(client, guitar, 3)
    assert "Telecaster" not in text_of(app.test_client().get("/products"))
    with app.app_context():
        factories.age_carts(app.config["CART_TTL_MINUTES"] + 1)
    assert "3 available" in text_of(app.test_client().get("/products"))
    assert "Your cart is empty." in text_of(client.get("/cart"))
    # adding again starts a new cart
    add(client, guitar, 1)
    assert "Telecaster" in text_of(client.get("/cart"))


def test_a_cart_just_inside_its_time_still_holds(app, client, guitar):
    add(client, guitar, 3)
    with app.app_context():
        factories.age_carts(app.config["CART_TTL_MINUTES"] - 1)
    assert "Telecaster" not in text_of(app.test_client().get("/products"))


def test_header_shows_the_number_of_items(client, guitar):
    add(client, guitar, 2)
    assert "Cart (2)" in text_of(client.get("/"))

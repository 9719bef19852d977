"""A guest's cart at login: kept, merged, capped, and recorded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Cart, CartEvent, Product
from storefront.services import accounts, visitor_carts
from tests import factories
from tests.helpers import post_form, text_of


def make_product(app, name: str, stock: int) -> dict[str, str]:
    with app.app_context():
        product = factories.product(name, stock=stock)
        return {"id": str(product.id), "slug": product.slug}


def add(client, product, quantity):
    data = {"product_id": product["id"], "quantity": quantity, "next": "/cart"}
    return post_form(client, "/cart/add", data, page=f"/products/{product['slug']}")


def cart_lines(app, username: str) -> dict[str, int]:
    with app.app_context():
        user = accounts.find_by_username(username)
        cart = visitor_carts.current_cart(user.id, None)
        return {line.product.name: line.quantity for line in cart.lines} if cart else {}


def event_sums(app) -> dict[tuple[str, str], int]:
    """Sum of deltas per (cart, product): must equal what each cart holds."""
    with app.app_context():
        sums: dict[tuple[str, str], int] = {}
        for event in db.session.scalars(select(CartEvent)):
            key = (str(event.cart_id), str(event.product_id))
            sums[key] = sums.get(key, 0) + event.delta
        return {key: total for key, total in sums.items() if total}


def held_by_carts(app) -> dict[tuple[str, str], int]:
    with app.app_context():
        return {
            (str(cart.id), str(line.product_id)): line.quantity
            for cart in db.session.scalars(select(Cart).where(Cart.status == "active"))
            for line in cart.lines
        }


def test_registering_keeps_the_guest_cart(app, client, auth):
    guitar = make_product(app, "Telecaster", 5)
    add(client, guitar, 2)
    auth.register("alice")
    assert cart_lines(app, "alice") == {"Telecaster": 2}
    assert "Telecaster" in text_of(client.get("/cart"))
    assert event_sums(app) == held_by_carts(app)


def test_login_merges_quantities_into_the_current_cart(app, client, auth):
    guitar = make_product(app, "Telecaster", 5)
    book = make_product(app, "Moby Dick", 5)
    auth.register("alice")
    add(client, guitar, 1)
    auth.logout()

    add(client, guitar, 2)
    add(client, book, 1)
    response = auth.login("alice")
    assert response.status_code == 302
    assert cart_lines(app, "alice") == {"Telecaster": 3, "Moby Dick": 1}
    page = text_of(client.get("/cart"))
    assert "could stay in your cart" not in page
    assert event_sums(app) == held_by_carts(app)
    with app.app_context():
        kinds = [event.kind for event in db.session.scalars(select(CartEvent))]
    assert kinds.count("merge") == 4  # out of the guest cart and into hers, per product


def test_merge_caps_at_what_is_available_and_says_so(app, client, auth):
    guitar = make_product(app, "Telecaster", 5)
    auth.register("alice")
    add(client, guitar, 2)
    auth.logout()
    add(client, guitar, 3)
    with app.app_context(), write_transaction() as session:
        session.get(Product, factories_uuid(guitar)).stock = 4  # a stock count found fewer

    auth.login("alice")
    assert cart_lines(app, "alice") == {"Telecaster": 4}
    assert "Only 4 of Telecaster could stay in your cart (you had 5 in all)" in text_of(
        client.get("/cart")
    )
    with app.app_context():
        caps = [
            event.delta
            for event in db.session.scalars(select(CartEvent).where(CartEvent.kind == "merge_cap"))
        ]
    assert caps == [-1]
    assert event_sums(app) == held_by_carts(app)


def test_merge_drops_a_product_switched_off_meanwhile(app, client, auth):
    guitar = make_product(app, "Telecaster", 5)
    book = make_product(app, "Moby Dick", 5)
    auth.register("alice")
    add(client, book, 1)
    auth.logout()
    add(client, guitar, 2)
    with app.app_context(), write_transaction() as session:
        session.get(Product, factories_uuid(guitar)).active = False
    auth.login("alice")
    assert cart_lines(app, "alice") == {"Moby Dick": 1}
    assert "Only 0 of Telecaster could stay" in text_of(client.get("/cart"))
    assert event_sums(app) == held_by_carts(app)


def test_merge_is_all_or_nothing(app, auth, client, monkeypatch):
    guitar = make_product(app, "Telecaster", 5)
    book = make_product(app, "Moby Dick", 5)
    auth.register("alice")
    add(client, guitar, 1)
    auth.logout()
    add(client, guitar, 1)
    add(client, book, 1)
    with app.app_context():
        guest_cart = db.session.scalar(select(Cart).where(Cart.user_id.is_(None)))
        alice = accounts.find_by_username("alice")
        before = event_sums(app)
        calls = {"count": 0}
        real_record = visitor_carts.record_change

        def failing_record(*args):
            calls["count"] += 1
            if calls["count"] == 3:  # the second line, half-way through the merge
                raise RuntimeError("the database went away")
            return real_record(*args)

        monkeypatch.setattr(visitor_carts, "record_change", failing_record)
        with pytest.raises(RuntimeError):
            visitor_carts.merge_guest_cart(guest_cart.id, alice.id)
        monkeypatch.undo()
    assert event_sums(app) == before
    assert cart_lines(app, "alice") == {"Telecaster": 1}


def test_an_expired_guest_cart_is_not_merged(app, client, auth):
    guitar = make_product(app, "Telecaster", 5)
    add(client, guitar, 2)
    with app.app_context():
        factories.age_carts(app.config["CART_TTL_MINUTES"] + 5)
    auth.register("alice")
    assert cart_lines(app, "alice") == {}


def factories_uuid(product: dict[str, str]):
    import uuid

    return uuid.UUID(product["id"])

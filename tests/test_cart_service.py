"""The cart service's rules, called as the JSON API will call them."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import CartEvent
from storefront.services import cart_expiry, carts, stock
from storefront.services.errors import InvalidInput
from tests import factories


@pytest.fixture
def bob(ctx):
    return factories.user("bob").id


def test_a_user_may_hold_several_carts(alice):
    product = factories.product(stock=10)
    first = carts.create_cart(alice)
    second = carts.add_item(None, alice, product.id, 2)
    carts.add_item(first.id, alice, product.id, 3)
    assert {cart.id for cart in carts.active_carts(alice)} == {first.id, second.id}
    assert stock.reserved_quantity(product.id) == 5
    assert stock.available_quantity(product.id) == 5


def test_another_users_cart_is_not_found(alice, bob):
    product = factories.product(stock=10)
    cart = carts.add_item(None, alice, product.id, 1)
    for attempt in (
        lambda: carts.get_cart(cart.id, bob),
        lambda: carts.get_cart(cart.id, None),
        lambda: carts.add_item(cart.id, bob, product.id, 1),
        lambda: carts.set_quantity(cart.id, bob, product.id, 3),
        lambda: carts.remove_line(cart.id, bob, product.id),
        lambda: carts.delete_cart(cart.id, bob),
    ):
        with pytest.raises(carts.CartNotFound):
            attempt()
    assert carts.get_cart(cart.id, alice).item_count == 1


def test_a_guest_cart_is_not_a_users(alice):
    product = factories.product(stock=10)
    guest_cart = carts.add_item(None, None, product.id, 1)
    with pytest.raises(carts.CartNotFound):
        carts.get_cart(guest_cart.id, alice)


def test_deleting_a_cart_ends_its_reservation_and_is_recorded(alice):
    product = factories.product(stock=4)
    cart = carts.add_item(None, alice, product.id, 4)
    assert stock.available_quantity(product.id) == 0
    carts.delete_cart(cart.id, alice)
    assert stock.available_quantity(product.id) == 4
    assert carts.active_carts(alice) == []
    kinds = [
        (e.kind, e.delta) for e in db.session.scalars(select(CartEvent).order_by(CartEvent.id))
    ]
    assert kinds == [("add", 4), ("cart_deleted", -4)]
    with pytest.raises(carts.CartNotFound):
        carts.add_item(cart.id, alice, product.id, 1)


@pytest.mark.parametrize("quantity", [0, -1, 1001, "2", 2.0, True, None])
def test_add_refuses_what_is_not_a_quantity(alice, quantity):
    product = factories.product(stock=10)
    with pytest.raises(InvalidInput) as raised:
        carts.add_item(None, alice, product.id, quantity)
    assert "quantity" in raised.value.fields
    assert carts.active_carts(alice) == []


def test_unknown_product(alice):
    with pytest.raises(carts.ProductNotFound):
        carts.add_item(None, alice, uuid.uuid4(), 1)
    assert carts.active_carts(alice) == []


def test_events_carry_cart_user_product_and_time(alice):
    product = factories.product(stock=10)
    cart = carts.add_item(None, alice, product.id, 3)
    carts.set_quantity(cart.id, alice, product.id, 1)
    event = db.session.scalars(select(CartEvent).order_by(CartEvent.id)).all()[-1]
    assert (event.cart_id, event.user_id, event.product_id) == (cart.id, alice, product.id)
    assert (event.kind, event.delta) == ("set", -2)
    assert event.created_at.tzinfo is not None


def test_setting_the_same_quantity_records_nothing(alice):
    product = factories.product(stock=10)
    cart = carts.add_item(None, alice, product.id, 3)
    carts.set_quantity(cart.id, alice, product.id, 3)
    assert len(db.session.scalars(select(CartEvent)).all()) == 1


def test_lowering_a_line_of_a_switched_off_product_is_allowed(alice):
    product = factories.product(stock=10)
    cart = carts.add_item(None, alice, product.id, 3)
    product.active = False
    db.session.commit()
    carts.set_quantity(cart.id, alice, product.id, 1)
    with pytest.raises(carts.ProductUnavailable):
        carts.set_quantity(cart.id, alice, product.id, 2)
    assert carts.get_cart(cart.id, alice).item_count == 1


def test_expire_stale_carts_marks_them_and_records_what_they_held(ctx, alice):
    product = factories.product(stock=10)
    cart = carts.add_item(None, alice, product.id, 3)
    assert cart_expiry.expire_stale_carts() == 0
    factories.age_carts(ctx.config["CART_TTL_MINUTES"] + 1)
    assert stock.available_quantity(product.id) == 10  # released before any tidy-up
    assert cart_expiry.expire_stale_carts() == 1
    assert cart_expiry.expire_stale_carts() == 0
    expired = db.session.scalars(select(CartEvent).where(CartEvent.kind == "cart_expired")).all()
    assert [(e.user_id, e.product_id, e.delta) for e in expired] == [(alice, product.id, -3)]
    db.session.refresh(cart)
    assert cart.status == "expired"
    assert expired[0].created_at > cart.updated_at  # dated when it expired, not when marked

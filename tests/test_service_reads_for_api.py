"""The reads the JSON API adds: counting a listing, everyone's carts and orders, named items."""

from __future__ import annotations

import pytest

from storefront.models import Brand, Store
from storefront.models.orders import PAID, PENDING_PAYMENT
from storefront.services import carts, catalogue, catalogue_lookups, checkout, orders
from storefront.services.catalogue_query import CatalogueQuery
from tests import factories


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def test_count_matches_the_listing_across_pages(ctx):
    fender = factories.brand("Fender")
    for number in range(5):
        factories.product(f"Model {number}", brand=fender)
    factories.product("Sold out", stock=0)
    factories.product("Switched off", active=False)
    factories.product("Another brand")

    assert catalogue.count_products(CatalogueQuery()) == 6
    assert catalogue.count_products(CatalogueQuery(brand="fender")) == 5
    assert catalogue.count_products(CatalogueQuery(brand="no-such-brand")) == 0
    listed = [
        catalogue.list_products(CatalogueQuery(brand="fender", page=page), 2).items
        for page in (1, 2, 3)
    ]
    assert [len(items) for items in listed] == [2, 2, 1]


def test_a_product_held_by_carts_leaves_the_count(ctx):
    user = factories.user()
    product = factories.product(stock=2)
    assert catalogue.count_products(CatalogueQuery()) == 1
    carts.add_item(None, user.id, product.id, 2)
    assert catalogue.count_products(CatalogueQuery()) == 0


def test_get_named(ctx):
    store = factories.store("Books")
    assert catalogue_lookups.get_named(Store, store.id).name == "Books"
    assert catalogue_lookups.get_named(Brand, 999) is None


def test_all_active_carts_covers_every_owner_and_skips_closed_ones(ctx):
    alice, bob = factories.user("alice"), factories.user("bob")
    product = factories.product(stock=10)
    first = carts.add_item(None, alice.id, product.id, 1)
    carts.add_item(None, bob.id, product.id, 1)
    carts.add_item(None, None, product.id, 1)  # a guest's
    closed = carts.create_cart(alice.id)
    carts.delete_cart(closed.id, alice.id)

    found, total = carts.all_active_carts(1, 2)
    assert total == 3
    assert len(found) == 2
    rest, _ = carts.all_active_carts(2, 2)
    assert {cart.id for cart in found + rest} >= {first.id}
    assert closed.id not in {cart.id for cart in found + rest}

    factories.age_carts(24 * 60)
    assert carts.all_active_carts(1, 10) == ([], 0)


def test_all_orders_filters_by_status(ctx, app):
    alice, bob = factories.user("alice"), factories.user("bob")
    product = factories.product(stock=10)
    checkout.place_order(alice.id, [(product.id, 1)])
    checkout.place_order(bob.id, [(product.id, 2)])

    found, total = orders.all_orders(None, 1, 10)
    assert total == 2
    assert {order.user_id for order in found} == {alice.id, bob.id}
    assert orders.all_orders(PENDING_PAYMENT, 1, 10)[1] == 2
    assert orders.all_orders(PAID, 1, 10) == ([], 0)
    assert len(orders.all_orders(None, 2, 1)[0]) == 1

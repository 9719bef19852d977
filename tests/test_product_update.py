"""Changing some of a product's fields at once, with the row locked: nothing sold is undone."""

from __future__ import annotations

import pytest

from storefront.services import carts, catalogue_admin, checkout
from storefront.services.errors import InvalidInput
from tests import factories


@pytest.fixture
def product(app):
    with app.app_context():
        yield factories.product("Telecaster", price_cents=89900, stock=5)


def test_only_the_named_fields_change(product):
    changed = catalogue_admin.update_product(product.id, {"price": "799.50", "active": False})
    assert changed.price_cents == 79950
    assert changed.active is False
    assert (changed.name, changed.slug, changed.stock) == ("Telecaster", product.slug, 5)


def test_a_price_change_keeps_stock_sold_meanwhile(product):
    buyer = factories.user()
    checkout.place_order(buyer.id, [(product.id, 2)])  # stock 5 -> 3 after the admin looked
    changed = catalogue_admin.update_product(product.id, {"price": "10.00"})
    assert changed.stock == 3


def test_stock_moves_by_a_delta_never_below_what_carts_hold(product):
    shopper = factories.user()
    carts.add_item(None, shopper.id, product.id, 2)
    assert catalogue_admin.update_product(product.id, {}, stock_delta=4).stock == 9
    assert catalogue_admin.update_product(product.id, {}, stock_delta=-6).stock == 3
    with pytest.raises(catalogue_admin.StockBelowReserved):
        catalogue_admin.update_product(product.id, {}, stock_delta=-2)
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.update_product(product.id, {}, stock_delta=-100)
    assert "stock_delta" in raised.value.fields


@pytest.mark.parametrize(
    ("changes", "delta", "field"),
    [
        ({"price": "1.999"}, None, "price"),
        ({"name": "Bad <name>"}, None, "name"),
        ({"stock": 1}, 1, "stock_delta"),
        ({"colour": "red"}, None, "colour"),
        ({"brand_id": 999}, None, "brand_id"),
        ({}, True, "stock_delta"),
    ],
)
def test_bad_changes_change_nothing(product, changes, delta, field):
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.update_product(product.id, changes, stock_delta=delta)
    assert field in raised.value.fields
    assert (product.price_cents, product.stock) == (89900, 5)


def test_names_stay_unique(product):
    other = factories.product("Stratocaster", brand=product.brand)
    with pytest.raises(catalogue_admin.NameTaken):
        catalogue_admin.update_product(other.id, {"name": "TELECASTER"})
    with pytest.raises(catalogue_admin.NameTaken):
        catalogue_admin.update_product(other.id, {"slug": product.slug})


def test_unknown_product(app):
    import uuid

    with app.app_context(), pytest.raises(catalogue_admin.ItemNotFound):
        catalogue_admin.update_product(uuid.uuid4(), {"price": "1.00"})

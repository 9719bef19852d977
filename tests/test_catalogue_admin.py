"""Running the catalogue: names, slugs, prices, stock against reservations."""

from __future__ import annotations

import pytest

from storefront.models import Brand, Category, Store
from storefront.services import carts, catalogue_admin, catalogue_lookups, checkout
from storefront.services.catalogue_input import ProductInput
from storefront.services.errors import InvalidInput
from tests import factories


@pytest.fixture
def refs(ctx):
    return {
        "brand_id": factories.brand("Fender").id,
        "category_id": factories.category("Electric").id,
        "store_id": factories.store("Guitars").id,
    }


def product_input(refs, **changes):
    values = {"name": "Telecaster", "price": "899.00", "stock": 5, **refs}
    values.update(changes)
    return ProductInput(**values)


@pytest.mark.parametrize("model", [Brand, Category, Store])
def test_named_items_are_unique_regardless_of_case(ctx, model):
    item = catalogue_admin.save_named(model, None, "Acme Things")
    assert item.slug == "acme-things"
    with pytest.raises(catalogue_admin.NameTaken) as raised:
        catalogue_admin.save_named(model, None, "ACME things", slug="other-slug")
    assert "name" in raised.value.fields
    with pytest.raises(catalogue_admin.NameTaken) as raised:
        catalogue_admin.save_named(model, None, "Different", slug="acme-things")
    assert "slug" in raised.value.fields
    renamed = catalogue_admin.save_named(model, item.id, "Acme Things Two", slug="acme-things")
    assert renamed.name == "Acme Things Two"


@pytest.mark.parametrize(
    ("name", "slug", "field"),
    [("", None, "name"), ("x" * 81, None, "name"), ("Ok", "Bad Slug", "slug")],
)
def test_named_item_invalid_fields(ctx, name, slug, field):
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.save_named(Brand, None, name, slug=slug)
    assert field in raised.value.fields


def test_create_and_edit_a_product(refs):
    product = catalogue_admin.save_product(None, product_input(refs))
    assert (product.slug, product.price_cents, product.stock, product.active) == (
        "telecaster",
        89900,
        5,
        True,
    )
    edited = catalogue_admin.save_product(
        product.id, product_input(refs, price="949.5", active=False)
    )
    assert (edited.price_cents, edited.active) == (94950, False)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "Bad <name>"}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"price": "abc"}, "price"),
        ({"price": "-1"}, "price"),
        ({"price": "1.999"}, "price"),
        ({"price": "NaN"}, "price"),
        ({"stock": -1}, "stock"),
        ({"stock": "5"}, "stock"),
        ({"brand_id": 9999}, "brand_id"),
        ({"slug": "Not A Slug"}, "slug"),
    ],
)
def test_product_invalid_fields(refs, changes, field):
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.save_product(None, product_input(refs, **changes))
    assert field in raised.value.fields
    assert catalogue_lookups.search_products(None, 1, 10)[1] == 0


def test_product_name_unique_per_brand(refs):
    catalogue_admin.save_product(None, product_input(refs))
    with pytest.raises(catalogue_admin.NameTaken):
        catalogue_admin.save_product(None, product_input(refs, name="TELECASTER", slug="tele-2"))
    other_brand = factories.brand("Squier").id
    catalogue_admin.save_product(
        None, product_input(refs, brand_id=other_brand, slug="squier-tele")
    )


def test_price_change_never_changes_a_placed_order(refs):
    product = catalogue_admin.save_product(None, product_input(refs))
    buyer = factories.user("buyer").id
    order = checkout.place_order(buyer, [(product.id, 1)])
    catalogue_admin.save_product(product.id, product_input(refs, price="1.00", stock=4))
    from storefront.extensions import db
    from storefront.models import Order

    db.session.expire_all()
    assert db.session.get(Order, order.id).lines[0].unit_price_cents == 89900
    assert db.session.get(Order, order.id).total_cents == 89900


def test_stock_cannot_go_below_what_carts_hold(refs):
    product = catalogue_admin.save_product(None, product_input(refs, stock=5))
    shopper = factories.user("shopper").id
    carts.add_item(None, shopper, product.id, 3)
    with pytest.raises(catalogue_admin.StockBelowReserved) as raised:
        catalogue_admin.change_stock(product.id, set_to=2)
    assert "3 units are reserved" in raised.value.message
    with pytest.raises(catalogue_admin.StockBelowReserved):
        catalogue_admin.change_stock(product.id, delta=-3)
    with pytest.raises(catalogue_admin.StockBelowReserved):
        catalogue_admin.save_product(product.id, product_input(refs, stock=1))
    assert catalogue_admin.change_stock(product.id, delta=-2).stock == 3
    assert catalogue_admin.change_stock(product.id, set_to=10).stock == 10


def test_search_is_by_name_and_paginated(refs):
    for number in range(7):
        catalogue_admin.save_product(None, product_input(refs, name=f"Model {number}", slug=None))
    catalogue_admin.save_product(None, product_input(refs, name="Special #100"))
    items, total = catalogue_lookups.search_products("model", 2, 5)
    assert total == 7
    assert [item.name for item in items] == ["Model 5", "Model 6"]
    assert catalogue_lookups.search_products("#100", 1, 5)[1] == 1
    assert catalogue_lookups.search_products("%", 1, 5)[1] == 0  # a literal %, not a wildcard
    assert catalogue_lookups.search_products("_", 1, 5)[1] == 0

"""The admin's forms through the pages: success, each bad field, names taken, CSRF."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Brand, Product
from storefront.services import accounts, carts, checkout
from tests import factories
from tests.helpers import PASSWORD, AuthActions, post_form, text_of


@pytest.fixture
def admin(app, client):
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
    AuthActions(client).login("boss")
    return client


@pytest.fixture
def refs(app):
    with app.app_context():
        return {
            "brand_id": factories.brand("Fender").id,
            "category_id": factories.category("Electric").id,
            "store_id": factories.store("Guitar Shop").id,
        }


def product_form(refs, **changes):
    values = {
        "name": "Telecaster",
        "slug": "",
        "description": "A classic.",
        "price": "899.00",
        "stock": "5",
        "active": "y",
        "track_stock": "y",
        **refs,
    }
    values.update(changes)
    return values


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("kind", ["brands", "categories", "stores"])
def test_named_forms(app, admin, kind):
    response = post_form(
        admin, f"/admin/{kind}/new", {"name": "Acme", "slug": "", "description": "x"}
    )
    assert response.status_code == 302
    page = text_of(admin.get(f"/admin/{kind}/?q=acm"))
    assert "Acme" in page
    assert "acme" in page  # the slug made from the name

    taken = post_form(admin, f"/admin/{kind}/new", {"name": "ACME", "slug": "other"})
    assert taken.status_code == 200
    assert "The name ACME is already taken." in text_of(taken)

    for data, message in (
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 81}, "1 to 80 characters"),
        ({"name": "Fine", "slug": "Not A Slug"}, "Slug must be"),
    ):
        bad = post_form(admin, f"/admin/{kind}/new", data)
        assert bad.status_code == 200
        assert message in text_of(bad)


def test_rename_a_brand(app, admin, refs):
    url = f"/admin/brands/{refs['brand_id']}"
    assert post_form(admin, url, {"name": "Fender Musical", "slug": "fender"}).status_code == 302
    with app.app_context():
        assert db.session.get(Brand, refs["brand_id"]).name == "Fender Musical"


def test_create_a_product_and_find_it_in_the_catalogue(app, admin, refs):
    response = post_form(admin, "/admin/products/new", product_form(refs))
    assert response.status_code == 302
    assert "Telecaster" in text_of(admin.get("/products"))
    assert "$899.00" in text_of(admin.get("/products/telecaster"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "Bad <b>name</b>"}, "Name must be 1 to 120 characters"),
        ({"price": "cheap"}, "Price must be an amount like 12.99"),
        ({"price": "-5"}, "Price must be an amount like 12.99"),
        ({"stock": "many"}, "Stock must be a whole number."),
        ({"stock": "-1"}, "Stock must be from 0"),
        ({"brand_id": "999"}, "Choose a brand."),
        ({"brand_id": "abc"}, "Choose a brand."),
        ({"slug": "Bad Slug"}, "Slug must be"),
    ],
)
def test_product_form_rejects_each_invalid_field(app, admin, refs, changes, message):
    response = post_form(admin, "/admin/products/new", product_form(refs, **changes))
    assert response.status_code == 200
    assert message in text_of(response)
    assert count(app, Product) == 0


def test_duplicate_product_name_for_a_brand(app, admin, refs):
    post_form(admin, "/admin/products/new", product_form(refs))
    response = post_form(
        admin, "/admin/products/new", product_form(refs, name="TELECASTER", slug="t2")
    )
    assert "That brand already has a product of this name." in text_of(response)
    assert count(app, Product) == 1


def test_price_change_leaves_placed_orders_alone(app, admin, refs):
    post_form(admin, "/admin/products/new", product_form(refs))
    with app.app_context():
        product_id = db.session.scalar(select(Product.id))
        buyer = factories.user("buyer").id
        order_id = checkout.place_order(buyer, [(product_id, 1)]).id
    url = f"/admin/products/{product_id}"
    assert post_form(admin, url, product_form(refs, price="1.00", stock="4")).status_code == 302
    assert "$1.00" in text_of(admin.get("/products/telecaster"))
    page = text_of(admin.get(f"/admin/orders/{order_id}"))
    assert "$899.00" in page
    assert "$1.00" not in page


def test_stock_set_and_adjusted_never_below_reserved(app, admin, refs):
    post_form(admin, "/admin/products/new", product_form(refs, stock="5"))
    with app.app_context():
        product_id = db.session.scalar(select(Product.id))
        carts.add_item(None, factories.user("shopper").id, product_id, 3)
    url = f"/admin/products/{product_id}/stock"
    page_url = f"/admin/products/{product_id}"

    response = post_form(admin, url, {"mode": "set", "amount": "2"}, page=page_url)
    assert "3 units are reserved in active carts; stock cannot go below 3." in text_of(
        admin.get(response.location)
    )
    post_form(admin, url, {"mode": "adjust", "amount": "-1"}, page=page_url)
    post_form(admin, url, {"mode": "adjust", "amount": "10"}, page=page_url)
    with app.app_context():
        assert db.session.get(Product, product_id).stock == 14

    bad = post_form(admin, url, {"mode": "set", "amount": "lots"}, page=page_url)
    assert "Amount must be a whole number." in text_of(admin.get(bad.location))
    with app.app_context():
        assert db.session.get(Product, product_id).stock == 14


def test_admin_forms_need_csrf(app, admin, refs):
    assert admin.post("/admin/brands/new", data={"name": "Sneaky"}).status_code == 400
    assert admin.post("/admin/products/new", data=product_form(refs)).status_code == 400
    assert count(app, Product) == 0
    with app.app_context():
        assert db.session.scalar(select(Brand).where(Brand.name == "Sneaky")) is None


def test_lists_are_paginated(app, admin):
    with app.app_context():
        for number in range(30):
            factories.brand(f"Brand {number:02d}")
    first = text_of(admin.get("/admin/brands/"))
    assert "Page 1 of 2" in first
    assert "Brand 29" not in first
    assert "Brand 29" in text_of(admin.get("/admin/brands/?page=2"))


def test_editing_a_product_never_writes_back_stock_sold_meanwhile(app, admin, refs):
    post_form(admin, "/admin/products/new", product_form(refs, stock="5"))
    with app.app_context():
        product_id = db.session.scalar(select(Product.id))
    page_url = f"/admin/products/{product_id}"
    admin.get(page_url)  # the admin opens the form while showing 5 on hand
    with app.app_context():
        checkout.place_order(factories.user("buyer").id, [(product_id, 2)])
    assert post_form(admin, page_url, product_form(refs, price="950.00")).status_code == 302
    with app.app_context():
        product = db.session.get(Product, product_id)
        assert (product.price_cents, product.stock) == (95000, 3)

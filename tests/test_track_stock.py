"""Products whose stock is not tracked: listed and sold while active, nothing counted or held."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Order, Product
from storefront.rules import MAX_QUANTITY
from storefront.services import accounts, carts, catalogue, checkout, reports, stock
from storefront.services.catalogue_query import CatalogueQuery
from tests import factories
from tests.api_helpers import SUCCESS_CARD, error_of
from tests.helpers import PASSWORD, AuthActions, post_form, text_of
from tests.test_cart_concurrency import run_at_once


@pytest.fixture
def admin_client(app, client):
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
    AuthActions(client).login("boss")
    return client


def listed_names() -> list[str]:
    return [item.product.name for item in catalogue.list_products(CatalogueQuery(), 24).items]


def test_untracked_product_with_no_stock_is_listed_and_says_in_stock(app, client):
    with app.app_context():
        listed_slug = factories.product("Seed Mix", stock=0, track_stock=False).slug
        factories.product("Cuttlebone", stock=0)
        off_slug = factories.product("Millet", stock=0, track_stock=False, active=False).slug
        assert listed_names() == ["Seed Mix"]
    page = text_of(client.get("/"))
    assert "Seed Mix" in page
    assert "In stock" in page
    assert "Cuttlebone" not in page
    assert "In stock" in text_of(client.get(f"/products/{listed_slug}"))
    assert "Out of stock" in text_of(client.get(f"/products/{off_slug}"))


def test_carts_hold_untracked_units_without_reserving_and_checkout_takes_nothing(app):
    with app.app_context():
        product_id = factories.product("Seed Mix", stock=2, track_stock=False).id
        counted_id = factories.product("Perch", stock=2).id
        first, second = factories.user("first").id, factories.user("second").id
        cart = carts.add_item(None, first, product_id, 50)
        carts.add_item(cart.id, first, counted_id, 2)
        carts.add_item(None, second, product_id, 40)
        assert stock.available_quantity(product_id) == MAX_QUANTITY
        assert [row.product for row in reports.reserved_by_product()] == ["Perch"]
        # One line holds at most MAX_QUANTITY, counted or not.
        with pytest.raises(carts.NotEnoughStock) as refused:
            carts.add_item(cart.id, first, product_id, MAX_QUANTITY)
        assert refused.value.left == MAX_QUANTITY - 50

        order = checkout.place_order_from_cart(cart.id, first)
        assert {line.name: line.quantity for line in order.lines} == {"Seed Mix": 50, "Perch": 2}
        db.session.expire_all()
        assert db.session.get(Product, product_id).stock == 2  # untouched: not counted
        assert db.session.get(Product, counted_id).stock == 0


def test_switched_off_untracked_product_cannot_be_bought(app):
    with app.app_context():
        product_id = factories.product("Seed Mix", stock=0, track_stock=False, active=False).id
        buyer = factories.user("buyer").id
        with pytest.raises(carts.ProductUnavailable):
            carts.add_item(None, buyer, product_id, 1)
        with pytest.raises(checkout.StockShort, match="Seed Mix: sold out"):
            checkout.place_order(buyer, [(product_id, 1)])


def test_many_buyers_at_once_untracked_all_served_counted_never_oversold(app):
    with app.app_context():
        free_id = factories.product("Seed Mix", stock=0, track_stock=False).id
        counted_id = factories.product("Perch", stock=3).id
        buyers = [factories.user(f"buyer{number}").id for number in range(12)]

    def buy(number):
        lines = [(free_id, 2)] + ([(counted_id, 1)] if number % 2 else [])
        try:
            checkout.place_order(buyers[number], lines)
        except checkout.StockShort:
            return "short"
        return "ordered"

    outcomes = run_at_once(app, 12, buy)
    assert outcomes.count("ordered") == 6 + 3  # every untracked-only order, three of the rest
    with app.app_context():
        assert db.session.get(Product, counted_id).stock == 0
        assert db.session.get(Product, free_id).stock == 0
        assert db.session.scalar(select(func.count()).select_from(Order)) == 9


def test_api_creates_lists_and_switches_tracking(shop, api):
    product = shop.product("Seed Mix", stock=0, track_stock=False)
    assert (product["track_stock"], product["available"]) == (False, MAX_QUANTITY)
    listed = api.anonymous.ok("GET", "/products")["items"]
    assert [(item["name"], item["track_stock"]) for item in listed] == [("Seed Mix", False)]

    customer = api.customer("buyer")
    cart = customer.ok("POST", "/carts", status=201)
    customer.ok("POST", f"/carts/{cart['id']}/lines", {"product_id": product["id"], "quantity": 4})
    order = customer.ok("POST", f"/carts/{cart['id']}/checkout", {"card": SUCCESS_CARD}, status=201)
    assert order["status"] == "paid"
    sold = shop.admin.ok("GET", "/admin/sales")
    assert [(row["product"], row["quantity"]) for row in sold["items"]] == [("Seed Mix", 4)]

    # Counting turns on only with a stock that covers what carts hold.
    other = customer.ok("POST", "/carts", status=201)
    customer.ok("POST", f"/carts/{other['id']}/lines", {"product_id": product["id"], "quantity": 3})
    path = f"/products/{product['id']}"
    refused = error_of(shop.admin.patch(path, {"track_stock": True, "stock": 2}), 409)
    assert "cannot go below 3" in refused["message"]
    changed = shop.admin.ok("PATCH", path, {"track_stock": True, "stock": 5})
    assert (changed["track_stock"], changed["stock"], changed["available"]) == (True, 5, 2)
    error_of(shop.admin.patch(path, {"track_stock": "yes"}), 422)


def test_admin_form_turns_tracking_off_and_lists_it(app, admin_client):
    with app.app_context():
        product = factories.product("Seed Mix", stock=0)
        brand, category, store = product.brand_id, product.category_id, product.store_id
    page = admin_client.get(f"/admin/products/{product.id}")
    assert re.search(r'<input checked[^>]*name="track_stock"', page.get_data(True))
    form = {
        "name": "Seed Mix",
        "slug": product.slug,
        "description": "",
        "price": "10.00",
        "active": "y",
        "brand_id": str(brand),
        "category_id": str(category),
        "store_id": str(store),
    }
    response = post_form(admin_client, f"/admin/products/{product.id}", form)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Product, product.id).track_stock is False
        assert listed_names() == ["Seed Mix"]
    assert "not tracked" in text_of(admin_client.get("/admin/products/"))


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migration_stops_counting_feed_items_that_never_had_a_quantity(app):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    with app.app_context():
        counted = factories.product("Perch", stock=0, warehouse_item_id="W-2").id
        uncounted = factories.product("Seed Mix", stock=0, warehouse_item_id="W-1").id
        db.session.remove()
        downgrade(revision="0006")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO inventory_items (item_id, stock, updated_at) VALUES "
                    "('W-1', NULL, CURRENT_TIMESTAMP), ('W-2', 0, CURRENT_TIMESTAMP)"
                )
            )
        upgrade()
        assert db.session.get(Product, uncounted).track_stock is False
        assert db.session.get(Product, counted).track_stock is True
        assert listed_names() == ["Seed Mix"]

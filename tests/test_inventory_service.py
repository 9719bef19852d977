"""Applying warehouse events: each type, duplicates, late arrivals, the stock floor."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Brand, Category, InventoryEvent, Product, Store
from storefront.services import carts, catalogue, stock
from storefront.services.catalogue_query import CatalogueQuery
from tests import factories
from tests.inventory_events import event, receive, set_aside_rows


def warehouse_product(item_id: str = "W-1") -> Product:
    db.session.expire_all()
    return db.session.scalar(select(Product).where(Product.warehouse_item_id == item_id))


def test_created_makes_a_product_in_the_default_store_brand_and_category(app, caplog):
    caplog.set_level(logging.INFO, logger="storefront")
    with app.app_context():
        outcome = receive(event(name="Walnut Ukulele", price=4999, quantity=7))
        assert outcome.status == "applied"
        product = warehouse_product()
        assert (product.name, product.price_cents, product.stock, product.active) == (
            "Walnut Ukulele",
            4999,
            7,
            True,
        )
        assert str(product.price) == "49.99"
        assert product.slug == "warehouse-walnut-ukulele"
        assert (product.store.name, product.brand.name, product.category.name) == (
            "Warehouse",
            "Warehouse",
            "New arrivals",
        )
        assert outcome.product_id == product.id
        listed = catalogue.list_products(CatalogueQuery(), 24).items
        assert [item.product.name for item in listed] == ["Walnut Ukulele"]
    lines = [r.getMessage() for r in caplog.records if r.name == "storefront.services.inventory"]
    assert any("inventory event status=applied" in line and "item=W-1" in line for line in lines)


def test_created_uses_existing_store_brand_and_category_in_any_case(app):
    with app.app_context():
        factories.store("WAREHOUSE")
        factories.brand("warehouse")
        factories.category("new ARRIVALS")
        receive(event())
        assert db.session.scalar(select(func.count()).select_from(Store)) == 1
        assert db.session.scalar(select(func.count()).select_from(Brand)) == 1
        assert db.session.scalar(select(func.count()).select_from(Category)) == 1
        assert warehouse_product().brand.name == "warehouse"


def test_created_without_quantity_is_untracked_and_listed_until_a_stock_set(app):
    with app.app_context():
        receive(event())
        product = warehouse_product()
        assert (product.stock, product.track_stock) == (0, False)
        assert [
            item.product.name for item in catalogue.list_products(CatalogueQuery(), 24).items
        ] == ["Walnut Ukulele"]
        receive(event("item.stock_set", quantity=0, at=10))
        assert (warehouse_product().stock, warehouse_product().track_stock) == (0, True)
        assert catalogue.list_products(CatalogueQuery(), 24).items == []


def test_updated_changes_name_and_price_but_keeps_the_address(app):
    with app.app_context():
        receive(event(quantity=3))
        slug = warehouse_product().slug
        outcome = receive(event("item.updated", name="Maple Ukulele", price=5599, at=10))
        assert (outcome.status, outcome.changed) == ("applied", ("details",))
        product = warehouse_product()
        assert (product.name, product.price_cents, product.stock) == ("Maple Ukulele", 5599, 3)
        assert product.slug == slug


def test_status_toggled_switches_the_product_off_and_on(app):
    with app.app_context():
        receive(event(quantity=3))
        receive(event("item.status_toggled", active=False, at=10))
        assert warehouse_product().active is False
        assert catalogue.list_products(CatalogueQuery(), 24).items == []
        receive(event("item.status_toggled", active=True, at=20))
        assert warehouse_product().active is True


def test_stock_set_sets_the_stock(app):
    with app.app_context():
        receive(event(quantity=3))
        receive(event("item.stock_set", quantity=12, at=10))
        assert warehouse_product().stock == 12
        receive(event("item.stock_set", quantity=0, at=20))
        assert warehouse_product().stock == 0


def test_stock_set_never_goes_below_what_carts_reserve(app, caplog):
    with app.app_context():
        receive(event(quantity=9))
        product = warehouse_product()
        shopper = factories.user("shopper").id
        carts.add_item(None, shopper, product.id, 4)
        receive(event("item.stock_set", quantity=1, at=10))
        assert warehouse_product().stock == 4
        assert stock.available_quantity(product.id) == 0
        receive(event("item.stock_set", quantity=6, at=20))
        assert warehouse_product().stock == 6
    assert any("requested=1 reserved=4 short=3" in record.getMessage() for record in caplog.records)


def test_a_redelivered_event_changes_nothing(app):
    with app.app_context():
        receive(event(quantity=3))
        update = event("item.updated", name="Maple Ukulele", price=5599, at=10)
        assert receive(update).status == "applied"
        product = warehouse_product()
        product.price_cents = 100  # an admin changes the price afterwards
        db.session.commit()
        assert receive(update).status == "duplicate"
        assert warehouse_product().price_cents == 100
        assert db.session.scalar(select(func.count()).select_from(InventoryEvent)) == 2


def test_an_older_event_does_not_undo_a_newer_one(app):
    with app.app_context():
        receive(event(quantity=3))
        receive(event("item.updated", name="Newest Name", price=300, at=20))
        late = receive(event("item.updated", name="Older Name", price=200, at=10))
        assert late.status == "superseded"
        receive(event("item.stock_set", quantity=8, at=30))
        receive(event("item.stock_set", quantity=2, at=25))
        product = warehouse_product()
        assert (product.name, product.price_cents, product.stock) == ("Newest Name", 300, 8)


def test_a_late_event_still_sets_the_fields_nothing_newer_touched(app):
    with app.app_context():
        receive(event(quantity=3))
        receive(event("item.status_toggled", active=False, at=20))
        outcome = receive(event("item.updated", name="Renamed", price=700, at=10))
        assert (outcome.status, outcome.changed) == ("applied", ("details",))
        product = warehouse_product()
        assert (product.name, product.price_cents, product.active) == ("Renamed", 700, False)


def test_events_before_their_item_is_created_are_held_then_applied(app):
    with app.app_context():
        held = receive(event("item.updated", name="Final Name", price=900, at=10))
        assert held.status == "held"
        receive(event("item.stock_set", quantity=6, at=20))
        assert warehouse_product() is None
        [first, _second] = set_aside_rows()
        assert (first.code, first.item_id, first.resolved_at) == ("unknown_item", "W-1", None)
        assert "unknown item W-1" in first.reason

        receive(event(name="First Name", price=500, quantity=1, at=0))
        product = warehouse_product()
        assert (product.name, product.price_cents, product.stock) == ("Final Name", 900, 6)
        assert all(row.resolved_at is not None for row in set_aside_rows())


def test_an_event_for_an_item_never_created_stays_set_aside(app):
    with app.app_context():
        outcome = receive(event("item.status_toggled", item_id="W-404", active=False))
        assert outcome.status == "held"
        assert db.session.scalar(select(func.count()).select_from(Product)) == 0
        [row] = set_aside_rows()
        assert (row.code, row.item_id, row.resolved_at) == ("unknown_item", "W-404", None)
        assert '"W-404"' in row.body


def test_equal_times_are_ordered_by_event_id(app):
    low = "00000000-0000-4000-8000-000000000001"
    high = "ffffffff-ffff-4fff-bfff-ffffffffffff"
    with app.app_context():
        receive(event(quantity=1))
        receive(event("item.updated", name="High", price=2, at=5, event_id=high))
        receive(event("item.updated", name="Low", price=1, at=5, event_id=low))
        assert warehouse_product().name == "High"

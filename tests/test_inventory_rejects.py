"""Events the shop cannot apply are set aside with their reason, and change nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import InventoryEvent, InventoryItem, Product
from tests import factories
from tests.inventory_events import event, products_by_item, receive, set_aside_rows


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def with_item(**changes):
    data = event()
    data["item"].update(changes)
    return data


def with_event(**changes):
    return {**event(), **changes}


def without(field: str):
    data = event()
    del data["item"][field]
    return data


MALFORMED = {
    "not json": (b"{not json", "not valid JSON"),
    "not utf-8": (b"\xff\xfe{}", "not valid JSON"),
    "a list": (b"[1, 2]", "must be a JSON object"),
    "no id": (with_event(id=None), "id must be a UUID"),
    "bad id": (with_event(id="1234"), "id must be a UUID"),
    "unknown type": (with_event(type="item.deleted"), "type must be one of"),
    "type not text": (with_event(type=7), "type must be one of"),
    "no time": (with_event(occurred_at=None), "occurred_at must be an ISO 8601"),
    "bad time": (with_event(occurred_at="yesterday"), "occurred_at must be an ISO 8601"),
    "naive time": (with_event(occurred_at="2026-01-01T12:00:00"), "must include a time zone"),
    "future time": (
        with_event(occurred_at=(datetime.now(UTC) + timedelta(days=2)).isoformat()),
        "in the future",
    ),
    "item not object": (with_event(item="W-1"), "item must be a JSON object"),
    "item id with space": (with_item(id="W 1"), "item.id must be"),
    "item id float": (with_item(id=1.5), "item.id must be"),
    "price as text": (with_item(price="49.99"), "item.price must be a whole number"),
    "price as float": (with_item(price=49.99), "item.price must be a whole number"),
    "price negative": (with_item(price=-1), "item.price must be between 0"),
    "price huge": (with_item(price=2**40), "item.price must be between 0"),
    "active as text": (with_item(active="yes"), "item.active must be true or false"),
    "active as number": (with_item(active=1), "item.active must be true or false"),
    "quantity negative": (with_item(quantity=-3), "item.quantity must be between 0"),
    "quantity boolean": (with_item(quantity=True), "item.quantity must be a whole number"),
    "no name": (without("name"), "item.created needs item.name"),
    "no price": (without("price"), "item.created needs item.price"),
    "name not text": (with_item(name=["A"]), "item.name must be a string"),
    "name empty": (with_item(name="   "), "Product name must be 1 to 120"),
    "name too long": (with_item(name="A" * 121), "Product name must be 1 to 120"),
    "name with symbols": (with_item(name="Ukulele <b>"), "Product name must be 1 to 120"),
    "name not latin": (with_item(name="Ukulélé"), "Product name must be 1 to 120"),
    "stock_set without quantity": (
        event("item.stock_set"),
        "item.stock_set needs item.quantity",
    ),
    "toggle without active": (
        event("item.status_toggled", active=None),
        "item.status_toggled needs item.active",
    ),
}


@pytest.mark.parametrize(("message", "reason"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_event_is_set_aside_and_changes_nothing(app, message, reason):
    with app.app_context():
        outcome = receive(message)
        assert (outcome.status, outcome.code) == ("set_aside", "malformed")
        assert reason in outcome.reason
        [row] = set_aside_rows()
        assert (row.code, row.source, row.resolved_at) == ("malformed", "broker", None)
        assert reason in row.reason
        assert row.body
        assert count(Product) == count(InventoryEvent) == count(InventoryItem) == 0


def test_the_set_aside_row_names_the_event_and_item_when_they_parse(app):
    data = with_item(price="cheap")
    with app.app_context():
        receive(data)
        [row] = set_aside_rows()
        assert (str(row.event_id), row.item_id) == (data["id"], "W-1")
        assert json.loads(row.body) == data


def test_a_malformed_event_redelivered_is_set_aside_once(app):
    data = with_item(price="cheap")
    with app.app_context():
        receive(data)
        receive(data)
        assert len(set_aside_rows()) == 1


def test_unreadable_bytes_are_kept_readably(app):
    with app.app_context():
        receive(b"\x00\xff garbage")
        [row] = set_aside_rows()
        assert row.body == "\ufffd\ufffd garbage"


def test_a_malformed_update_leaves_the_product_as_it_was(app):
    with app.app_context():
        receive(event(quantity=2))
        before = products_by_item()
        bad = event("item.updated", name="Fine Name", price=-5, at=10)
        assert receive(bad).status == "set_aside"
        assert products_by_item() == before
        # A correct event with the same id is still applied: the bad one was not recorded.
        good = {**bad, "item": {**bad["item"], "price": 500}}
        assert receive(good).status == "applied"
        assert products_by_item()["W-1"][:2] == ("Fine Name", 500)


def test_a_name_another_product_of_the_brand_has_is_set_aside(app):
    with app.app_context():
        receive(event(item_id="W-1", name="Walnut Ukulele", quantity=1))
        clash = receive(event(item_id="W-2", name="WALNUT ukulele"))
        assert (clash.status, clash.code) == ("set_aside", "conflict")
        assert "already has a product named WALNUT ukulele" in clash.reason
        receive(event(item_id="W-3", name="Cedar Ukulele"))
        rename = receive(event("item.updated", item_id="W-3", name="Walnut Ukulele", at=5))
        assert rename.code == "conflict"
        assert products_by_item() == {
            "W-1": ("Walnut Ukulele", 4999, True, 1),
            "W-3": ("Cedar Ukulele", 4999, True, 0),
        }
        assert [row.code for row in set_aside_rows()] == ["conflict", "conflict"]


def test_a_product_of_the_shop_with_the_same_name_elsewhere_is_no_clash(app):
    with app.app_context():
        factories.product("Walnut Ukulele")  # in another brand
        assert receive(event(name="Walnut Ukulele")).status == "applied"
        assert count(Product) == 2


def test_a_clashing_address_gets_a_number(app):
    with app.app_context():
        brand = factories.brand("Warehouse")
        factories.product("Walnut-Ukulele", brand=brand)  # slug warehouse-walnut-ukulele
        receive(event(name="Walnut Ukulele"))
        slugs = set(db.session.scalars(select(Product.slug)))
        assert slugs == {"warehouse-walnut-ukulele", "warehouse-walnut-ukulele-2"}

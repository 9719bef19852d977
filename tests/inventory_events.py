"""Warehouse events for the tests, and a way to read what the shop made of them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Product, SetAsideEvent
from storefront.services import inventory

BASE_TIME = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def event(
    type: str = "item.created",
    item_id: str = "W-1",
    *,
    name: str | None = "Walnut Ukulele",
    price: int | None = 4999,
    active: bool | None = True,
    quantity: int | None = None,
    at: int = 0,
    event_id: str | None = None,
) -> dict[str, Any]:
    """An event as the warehouse sends it; ``at`` is seconds after a fixed base time."""
    item: dict[str, Any] = {"id": item_id, "name": name, "price": price, "active": active}
    if quantity is not None:
        item["quantity"] = quantity
    return {
        "id": event_id or str(uuid.uuid4()),
        "type": type,
        "occurred_at": (BASE_TIME + timedelta(seconds=at)).isoformat(),
        "item": item,
    }


def body(data: dict[str, Any]) -> bytes:
    """The message's bytes."""
    return json.dumps(data).encode()


def placement() -> inventory.Placement:
    return inventory.Placement(store="Warehouse", brand="Warehouse", category="New arrivals")


def receive(data: dict[str, Any] | bytes | str, source: str = "broker") -> inventory.Outcome:
    """Hand one message to the service, as the consumer does."""
    raw = body(data) if isinstance(data, dict) else data
    return inventory.receive(raw, source=source, placement=placement())


def products_by_item() -> dict[str, tuple[str, int, bool, int]]:
    """Every warehouse product as item id -> (name, price in cents, active, stock)."""
    db.session.rollback()  # read what is committed now, not an older snapshot
    rows = db.session.scalars(select(Product).where(Product.warehouse_item_id.is_not(None)))
    return {
        row.warehouse_item_id: (row.name, row.price_cents, row.active, row.stock)
        for row in rows
        if row.warehouse_item_id
    }


def set_aside_rows() -> list[SetAsideEvent]:
    db.session.rollback()
    return list(db.session.scalars(select(SetAsideEvent).order_by(SetAsideEvent.id)))


def expected_state(events: list[dict[str, Any]]) -> dict[str, tuple[str, int, bool, int]]:
    """What applying each unique event once, in time order, makes of the products."""
    unique = {item["id"]: item for item in events}.values()
    ordered = sorted(
        unique, key=lambda e: (datetime.fromisoformat(e["occurred_at"]), uuid.UUID(e["id"]))
    )
    state: dict[str, dict[str, Any]] = {}
    for item_event in ordered:
        item = item_event["item"]
        known = state.get(item["id"])
        if item_event["type"] == "item.created" and known is None:
            state[item["id"]] = {
                "name": item["name"],
                "price": item["price"],
                "active": item["active"],
                "stock": item.get("quantity", 0),
            }
        elif known is None:
            continue
        elif item_event["type"] in ("item.created", "item.updated"):
            known.update(name=item["name"], price=item["price"])
            if item_event["type"] == "item.created":
                known["active"] = item["active"]
                if "quantity" in item:
                    known["stock"] = item["quantity"]
        elif item_event["type"] == "item.status_toggled":
            known["active"] = item["active"]
        else:
            known["stock"] = item["quantity"]
    return {
        key: (value["name"], value["price"], value["active"], value["stock"])
        for key, value in state.items()
    }

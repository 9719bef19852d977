"""The warehouse sandbox as its own process: its API, its storage, and its events reaching
the shop through RabbitMQ and `flask inventory consume`, or through the signed webhook."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.inventory.signing import signature_matches
from storefront.models import Product
from storefront.services import catalogue, checkout
from storefront.services.catalogue_query import CatalogueQuery
from tests import factories
from tests.inventory_consumer import BROKER_URL, wait_until
from tests.warehouse_sandbox import WarehouseProcess

pytest_plugins = ("tests.inventory_fixtures",)


@pytest.fixture
def warehouses(tmp_path) -> Iterator[Any]:
    made: list[WarehouseProcess] = []

    def start(env: dict[str, str] | None = None, options: list[str] | None = None):
        warehouse = WarehouseProcess(tmp_path / "warehouse.db", env or {}, options)
        warehouse.start()
        made.append(warehouse)
        return warehouse

    yield start
    for warehouse in made:
        warehouse.stop()


@pytest.fixture(scope="module")
def plain_warehouse(tmp_path_factory) -> Iterator[WarehouseProcess]:
    """One warehouse that publishes nowhere, for the tests of its API."""
    warehouse = WarehouseProcess(
        tmp_path_factory.mktemp("warehouse") / "warehouse.db", {}, ["--no-broker"]
    )
    warehouse.start()
    yield warehouse
    warehouse.stop()


BAD_ITEMS = [
    None,
    {"name": "Seed Mix", "price": 1299},
    {"item": {"name": "", "price": 1299}},
    {"item": {"name": "Seed Mix", "price": "12.99"}},
    {"item": {"name": "Seed Mix", "price": -1}},
    {"item": {"name": "Seed Mix", "price": 1299, "colour": "green"}},
]


def test_bad_requests_are_refused_and_nothing_is_made(plain_warehouse):
    warehouse = plain_warehouse
    before = warehouse.call("GET", "/api/items").json()
    for body in BAD_ITEMS:
        answer = warehouse.call("POST", "/api/item", body)
        assert answer.status_code == 422, body
        assert answer.json()["error"]
    assert warehouse.call("PUT", "/api/items/999999/toggle_status").status_code == 404
    assert warehouse.call("PUT", "/api/items/999999/stock", {"quantity": 1}).status_code == 404
    assert warehouse.call("PUT", "/api/items/1/stock", {"quantity": "many"}).status_code == 422
    assert warehouse.call("PUT", "/api/items/1/stock", {"quantity": -1}).status_code == 422
    assert warehouse.call("GET", "/api/items").json() == before


def test_the_warehouse_api_answers_as_described_and_keeps_its_items(plain_warehouse):
    warehouse = plain_warehouse
    created = warehouse.call("POST", "/api/item", {"item": {"name": "Seed Mix", "price": 1299}})
    assert created.status_code == 201
    item = created.json()
    assert item == {"id": item["id"], "name": "Seed Mix", "price": 1299, "active": True}

    toggled = warehouse.call("PUT", f"/api/items/{item['id']}/toggle_status")
    assert (toggled.status_code, toggled.text) == (200, "ok")
    counted = warehouse.call("PUT", f"/api/items/{item['id']}/stock", {"quantity": 7})
    assert counted.json()["quantity"] == 7

    warehouse.restart()  # its own storage: the items survive
    assert {
        "id": item["id"],
        "name": "Seed Mix",
        "price": 1299,
        "active": False,
        "quantity": 7,
    } in (warehouse.call("GET", "/api/items").json())


def listed(app) -> dict[str, Any]:
    with app.app_context():
        db.session.rollback()
        page = catalogue.list_products(CatalogueQuery(), 24)
        return {item.product.name: item.product for item in page.items}


def warehouse_product(app, item_id: str) -> Product | None:
    with app.app_context():
        db.session.rollback()
        return db.session.scalar(select(Product).where(Product.warehouse_item_id == item_id))


def test_warehouse_to_rabbitmq_to_consumer_to_catalogue_and_selling_without_it(
    app, queue, consumers, warehouses
):
    env = {"BROKER_URL": BROKER_URL, "STOREFRONT_INVENTORY_QUEUE": queue}
    warehouse = warehouses(env)
    consumer = consumers(app, queue).start()

    item = warehouse.call("POST", "/api/item", {"item": {"name": "Seed Mix", "price": 1299}})
    item_id = str(item.json()["id"])
    wait_until(lambda: "Seed Mix" in listed(app), 30, "the item in the catalogue", consumer.log)
    product = warehouse_product(app, item_id)
    assert (product.price_cents, product.track_stock, product.store.name) == (
        1299,
        False,
        "Warehouse",
    )

    warehouse.call("PUT", f"/api/items/{item_id}/toggle_status")
    wait_until(lambda: "Seed Mix" not in listed(app), 30, "the item switched off", consumer.log)
    warehouse.call("PUT", f"/api/items/{item_id}/toggle_status")
    warehouse.call("PUT", f"/api/items/{item_id}/stock", {"quantity": 3})
    wait_until(
        lambda: (product := warehouse_product(app, item_id)) and product.stock == 3,
        30,
        "the stock to arrive",
        consumer.log,
    )
    assert warehouse_product(app, item_id).track_stock is True
    assert "Seed Mix" in listed(app)
    assert warehouse.wait_for_console("delivered to broker")

    warehouse.stop()  # the shop keeps its own copy and keeps selling
    with app.app_context():
        buyer = factories.user("buyer").id
        order = checkout.place_order(buyer, [(product.id, 2)])
        assert [line.name for line in order.lines] == ["Seed Mix"]
        assert db.session.get(Product, product.id).stock == 1


class _Hook(BaseHTTPRequestHandler):
    received: list[tuple[bytes, str | None]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((body, self.headers.get("X-Signature")))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


def test_events_go_to_the_signed_webhook_when_configured(warehouses):
    _Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/inventory/events"
        warehouse = warehouses(
            {"STOREFRONT_INVENTORY_WEBHOOK_SECRET": "s3cret"}, ["--no-broker", "--webhook", url]
        )
        item = warehouse.call("POST", "/api/item", {"item": {"name": "Millet", "price": 450}})
        warehouse.call("PUT", f"/api/items/{item.json()['id']}/stock", {"quantity": 4})
        wait_until(lambda: len(_Hook.received) == 2, 30, "two webhook posts")
    finally:
        server.shutdown()
    events = [json.loads(body) for body, _ in _Hook.received]
    assert [event["type"] for event in events] == ["item.created", "item.stock_set"]
    assert events[1]["item"]["quantity"] == 4
    assert all(signature_matches("s3cret", body, header) for body, header in _Hook.received)

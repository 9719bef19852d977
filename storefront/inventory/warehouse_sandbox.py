"""The warehouse sandbox: the parrot-food warehouse's HTTP service, as its own small Flask app.

Started by ``flask warehouse-sandbox``; see docs/warehouse.md. Exactly the warehouse's
endpoints (``GET /api/items``, ``POST /api/item``, ``PUT /api/items/<id>/toggle_status``)
plus ``PUT /api/items/<id>/stock``, its own SQLite storage, and a publisher thread that
delivers each change's event to the broker queue (and, when configured, to the shop's
signed webhook) until it has been delivered.
"""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import run_simple

from ..rules import MAX_CENTS, MAX_STOCK, PRODUCT_NAME_MAX_LENGTH
from . import broker
from .signing import PREFIX, sign
from .warehouse_store import Item, WarehouseStore

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024
WEBHOOK_TIMEOUT_SECONDS = 10
MIN_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 30.0


@dataclass(frozen=True)
class Targets:
    """Where events go: a broker queue (``broker_url`` None: none) and a signed webhook."""

    broker_url: str | None
    queue: str
    webhook_url: str | None = None
    webhook_secret: str | None = None


class Publisher:
    """A thread that delivers the outbox's events, in order, to each target until done."""

    def __init__(self, store: WarehouseStore, targets: Targets) -> None:
        self.store = store
        self.targets = targets
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="warehouse-publisher", daemon=True)

    def start(self) -> None:
        """Start delivering (what an earlier run still owes, then each new event)."""
        self._thread.start()

    def nudge(self) -> None:
        """A new event was written: deliver it now."""
        self._wake.set()

    def _run(self) -> None:
        backoff = MIN_BACKOFF_SECONDS
        while True:
            self._wake.clear()
            if self._deliver_owed():
                backoff = MIN_BACKOFF_SECONDS
                self._wake.wait(5)
            else:
                self._wake.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)

    def _deliver_owed(self) -> bool:
        """Deliver what is owed to every target; False when a target failed."""
        ok = True
        for target, send in self._senders():
            for owed in self.store.owed(target):
                try:
                    send(owed.body.encode(), owed.event_id)
                except (*broker.BROKER_ERRORS, urllib.error.URLError) as error:
                    print(f"warehouse could not deliver to {target}: {_reason(error)}", flush=True)
                    ok = False
                    break
                self.store.delivered(target, owed.seq)
                print(f"warehouse event {owed.event_id} delivered to {target}", flush=True)
        return ok

    def _senders(self) -> list[tuple[str, Any]]:
        senders: list[tuple[str, Any]] = []
        if self.targets.broker_url:
            senders.append(("broker", self._to_broker))
        if self.targets.webhook_url:
            senders.append(("webhook", self._to_webhook))
        return senders

    def _to_broker(self, body: bytes, event_id: str) -> None:
        assert self.targets.broker_url is not None
        broker.publish(self.targets.broker_url, self.targets.queue, body, event_id)

    def _to_webhook(self, body: bytes, _event_id: str) -> None:
        assert self.targets.webhook_url is not None
        headers = {"Content-Type": "application/json"}
        if self.targets.webhook_secret:
            headers["X-Signature"] = PREFIX + sign(self.targets.webhook_secret, body)
        call = urllib.request.Request(  # noqa: S310 (the URL is the operator's own setting)
            self.targets.webhook_url, data=body, method="POST", headers=headers
        )
        try:
            with urllib.request.urlopen(call, timeout=WEBHOOK_TIMEOUT_SECONDS):  # noqa: S310
                pass
        except urllib.error.HTTPError as error:
            if error.code >= 500:  # the shop is down or busy: try again later
                raise
            # The shop refused this event for good (bad signature, malformed): it will not
            # change its mind on a retry, so say so and go on with the next one.
            print(f"warehouse event {_event_id} refused by the webhook: {error.code}", flush=True)


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    return broker.describe(error)


def _problem(message: str, status: int = 422) -> tuple[Response, int]:
    return jsonify(error=message), status


def _item_fields(body: Any) -> tuple[str, int] | str:
    """The new item's name and price, or what is wrong with the body."""
    item = body.get("item") if isinstance(body, dict) else None
    if not isinstance(item, dict):
        return 'Send {"item": {"name": String, "price": Int}}.'
    unknown = sorted(set(item) - {"name", "price"})
    if unknown:
        return "Unknown item fields: " + ", ".join(unknown) + "."
    name, price = item.get("name"), item.get("price")
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= PRODUCT_NAME_MAX_LENGTH:
        return f"item.name must be a string of 1 to {PRODUCT_NAME_MAX_LENGTH} characters."
    if isinstance(price, bool) or not isinstance(price, int) or not 0 <= price <= MAX_CENTS:
        return f"item.price must be a whole number of cents from 0 to {MAX_CENTS}."
    return name.strip(), price


def create_warehouse_app(store: WarehouseStore, publisher: Publisher | None = None) -> Flask:
    """A Flask app answering the warehouse's API from ``store``."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]

    def changed(item: Item, what: str) -> None:
        print(f"warehouse {what} item={item.id} active={item.active}", flush=True)
        if publisher is not None:
            publisher.nudge()

    @app.get("/api/items")
    def list_items() -> Response:
        return jsonify([item.as_json() for item in store.items()])

    @app.post("/api/item")
    def create_item() -> tuple[Response, int]:
        fields = _item_fields(request.get_json(silent=True))
        if isinstance(fields, str):
            return _problem(fields)
        item = store.create(*fields)
        changed(item, "created")
        return jsonify(item.as_json()), 201

    @app.put("/api/items/<int:item_id>/toggle_status")
    def toggle_status(item_id: int) -> tuple[Response | str, int]:
        item = store.toggle(item_id)
        if item is None:
            return _problem("There is no such item.", 404)
        changed(item, "toggled")
        return Response("ok", mimetype="text/plain"), 200

    @app.put("/api/items/<int:item_id>/stock")
    def set_stock(item_id: int) -> tuple[Response, int]:
        body = request.get_json(silent=True)
        quantity = body.get("quantity") if isinstance(body, dict) else None
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            return _problem('Send {"quantity": Int}: the whole units on hand.')
        if not 0 <= quantity <= MAX_STOCK:
            return _problem(f"quantity must be from 0 to {MAX_STOCK}.")
        item = store.set_stock(item_id, quantity)
        if item is None:
            return _problem("There is no such item.", 404)
        changed(item, f"stock set to {quantity} for")
        return jsonify(item.as_json()), 200

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        return jsonify(error=error.description), error.code or 500

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response, int]:
        app.logger.exception("unexpected error in the warehouse sandbox")
        return jsonify(error="The warehouse had an unexpected error."), 500

    return app


def serve(host: str, port: int, data: Path, targets: Targets) -> None:
    """Run the warehouse on a threaded server, publishing its events, until stopped."""
    store = WarehouseStore(data)
    publisher = Publisher(store, targets)
    publisher.start()
    app = create_warehouse_app(store, publisher)
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)

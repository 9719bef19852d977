"""The consumer process against the real RabbitMQ: redelivery, disorder, a crash, bad input."""

from __future__ import annotations

import random
import signal
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import InventoryEvent, Product
from tests.inventory_consumer import publish_all, ready_messages, wait_until
from tests.inventory_events import body, event, expected_state, products_by_item, set_aside_rows

pytest_plugins = ("tests.inventory_fixtures",)

ITEMS = 200
EVENTS_PER_ITEM = 5
DEADLINE_SECONDS = 120


def make_feed(rng: random.Random) -> list[dict[str, Any]]:
    """1,000 events over 200 items, in time order; each item starts with item.created."""
    slots = [f"W-{n:03d}" for n in range(ITEMS) for _ in range(EVENTS_PER_ITEM)]
    rng.shuffle(slots)
    revision: Counter[str] = Counter()
    events = []
    for second, item_id in enumerate(slots):
        number = revision[item_id]
        revision[item_id] += 1
        common = {
            "item_id": item_id,
            "name": f"Item {item_id} rev {number}",
            "price": rng.randint(100, 99_999),
            "active": rng.random() < 0.8,
            "at": second,
        }
        if number == 0:
            quantity = rng.choice([None, rng.randint(0, 50)])
            events.append(event("item.created", quantity=quantity, **common))
            continue
        kind = rng.choice(["item.updated", "item.status_toggled", "item.stock_set"])
        quantity = rng.randint(0, 50) if kind == "item.stock_set" else None
        events.append(event(kind, quantity=quantity, **common))
    return events


def deliveries(events: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """The feed as the broker hands it over: 5% moved later, then 10% sent a second time."""
    order = list(events)
    creates = [i for i, e in enumerate(events) if e["type"] == "item.created"]
    moved = set(rng.sample(creates, 10)) | set(rng.sample(range(len(events)), 40))
    while len(moved) < len(events) // 20:
        moved.add(rng.randrange(len(events)))
    for original in sorted(moved, reverse=True):
        late = order.pop(original)
        order.insert(min(len(order), original + rng.randint(5, 40)), late)
    for original in rng.sample(range(len(events)), len(events) // 10):
        copy = events[original]
        at = order.index(copy)
        order.insert(rng.randint(at + 1, len(order)), copy)
    return order


def count_inbox() -> int:
    db.session.rollback()  # a fresh read, not the last transaction's snapshot
    return db.session.scalar(select(func.count()).select_from(InventoryEvent)) or 0


def test_duplicates_disorder_and_a_crash_converge_to_time_order(app, queue, consumers):
    rng = random.Random(20261122)
    events = make_feed(rng)
    order = deliveries(events, rng)
    assert (len(events), len(order)) == (1000, 1100)
    first_seen = {}
    for position, item_event in enumerate(order):
        first_seen.setdefault(item_event["item"]["id"] + item_event["type"], position)
    assert any(  # some updates really do arrive before their item's creation
        first_seen[e["item"]["id"] + "item.created"] > first_seen[e["item"]["id"] + e["type"]]
        for e in events
        if e["type"] != "item.created"
    )
    publish_all(queue, [body(item_event) for item_event in order])

    with app.app_context():
        first = consumers(app, queue).start()
        wait_until(lambda: count_inbox() >= 300, DEADLINE_SECONDS, "300 events", first.log)
        first.kill()
        handled_before_crash = count_inbox()
        assert handled_before_crash < len(events), "killed too late to test a crash"

        second = consumers(app, queue).start()
        wait_until(
            lambda: count_inbox() == len(events) and ready_messages(queue) == 0,
            DEADLINE_SECONDS,
            "every event",
            second.log,
        )
        second.wait_quiet()  # it has handled what it had prefetched
        assert second.stop(signal.SIGTERM) == 0
        assert ready_messages(queue) == 0

        assert products_by_item() == expected_state(events)
        assert db.session.scalar(select(func.count()).select_from(Product)) == ITEMS
        assert all(row.resolved_at is not None for row in set_aside_rows())
        outcomes = set(db.session.scalars(select(InventoryEvent.outcome)))
        assert outcomes <= {"applied", "superseded", "held"}
    log = first.text() + second.text()
    assert log.count("inventory event status=") >= len(order) - handled_before_crash
    assert "Traceback" not in log


def test_two_consumers_side_by_side_converge_to_time_order(app, queue, consumers):
    rng = random.Random(5)
    events = make_feed(rng)
    publish_all(queue, [body(item_event) for item_event in deliveries(events, rng)])
    with app.app_context():
        pair = [consumers(app, queue).start(), consumers(app, queue).start()]
        wait_until(
            lambda: count_inbox() == len(events) and ready_messages(queue) == 0,
            DEADLINE_SECONDS,
            "every event",
            pair[0].log,
        )
        for consumer in pair:
            consumer.wait_quiet()
        assert [consumer.stop() for consumer in pair] == [0, 0]
        assert all(consumer.text().count("inventory event status=") > 100 for consumer in pair)
        assert products_by_item() == expected_state(events)


def test_bad_messages_are_set_aside_and_the_consumer_goes_on(app, queue, consumers):
    bad_type = event()
    bad_type["type"] = "item.deleted"
    wrong_types = event()
    wrong_types["item"]["price"] = "49.99"
    unknown_item = event("item.status_toggled", item_id="W-404", active=False)
    good = event(item_id="W-1", quantity=2, at=1)
    messages = [b"{not json", body(wrong_types), body(bad_type), body(unknown_item), body(good)]
    publish_all(queue, messages)
    with app.app_context():
        consumer = consumers(app, queue).start()
        wait_until(lambda: products_by_item().get("W-1"), 60, "the good event", consumer.log)
        assert consumer.alive
        rows = set_aside_rows()
        assert sorted(row.code for row in rows) == [
            "malformed",
            "malformed",
            "malformed",
            "unknown_item",
        ]
        reasons = " | ".join(row.reason for row in rows)
        for words in ("not valid JSON", "item.price must be", "type must be one of", "W-404"):
            assert words in reasons
        assert products_by_item() == {"W-1": ("Walnut Ukulele", 4999, True, 2)}
        assert consumer.stop() == 0
    assert consumer.text().count("status=set_aside") == 3


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_consumer_stops_cleanly_on_a_signal(app, queue, consumers, signum):
    consumer = consumers(app, queue).start()
    consumer.wait_for_log("inventory consumer reading")
    assert consumer.stop(signum, timeout=5) == 0
    assert "inventory consumer stopped" in consumer.text()
    assert "Traceback" not in consumer.text()


def test_a_sent_item_appears_in_the_catalogue_and_a_toggle_hides_it(make_app, queue, consumers):
    app = make_app(INVENTORY_QUEUE=queue)
    client, runner = app.test_client(), app.test_cli_runner()
    consumer = consumers(app, queue).start()
    consumer.wait_for_log("inventory consumer reading")
    common = ["--item-id", "W-7", "--name", "Cedar Ukulele", "--price", "12900"]
    result = runner.invoke(args=["inventory", "send", "item.created", *common, "--quantity", "4"])
    assert result.exit_code == 0, result.output
    assert f"Published to queue {queue}" in result.output

    def listed() -> bool:
        return "Cedar Ukulele" in client.get("/products").get_data(as_text=True)

    wait_until(listed, 10, "the product in the catalogue", consumer.log)
    result = runner.invoke(args=["inventory", "send", "item.status_toggled", *common, "--inactive"])
    assert result.exit_code == 0, result.output
    wait_until(lambda: not listed(), 10, "the product to leave the catalogue", consumer.log)
    assert consumer.stop() == 0

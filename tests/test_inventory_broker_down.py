"""Without a broker the shop keeps working; with a flaky one the consumer keeps going.

"Down" is a closed port or a relay the test cuts: the shared RabbitMQ is never stopped.
"""

from __future__ import annotations

import threading

import pytest

from storefront.inventory.broker import Consumer
from storefront.inventory.signing import sign
from tests import factories
from tests.inventory_consumer import (
    BROKER_URL,
    closed_port,
    publish_all,
    ready_messages,
    wait_until,
)
from tests.inventory_events import body, event, products_by_item
from tests.tcp_relay import TcpRelay

pytest_plugins = ("tests.inventory_fixtures",)


@pytest.fixture
def down_url() -> str:
    return f"amqp://guest:guest@127.0.0.1:{closed_port()}/%2F"


def test_the_shop_works_while_the_broker_is_unreachable(make_app, down_url):
    app = make_app(BROKER_URL=down_url, INVENTORY_WEBHOOK_SECRET="s3cret")
    client = app.test_client()
    with app.app_context():
        slug = factories.product("Spruce Guitar", stock=3).slug
    listing = client.get("/products")
    assert listing.status_code == 200
    assert "Spruce Guitar" in listing.get_data(as_text=True)
    assert client.get(f"/products/{slug}").status_code == 200
    raw = body(event(quantity=1))
    response = client.post(
        "/api/v1/inventory/events",
        data=raw,
        headers={"X-Signature": sign("s3cret", raw)},
        content_type="application/json",
    )
    assert response.status_code == 202  # the webhook does not need the broker either


def test_sending_fails_with_a_clear_message_when_the_broker_is_unreachable(make_app, down_url):
    runner = make_app(BROKER_URL=down_url).test_cli_runner()
    args = ["inventory", "send", "item.created", "--item-id", "W-1", "--name", "Oak", "--price"]
    result = runner.invoke(args=[*args, "100"])
    assert result.exit_code == 1
    assert "Cannot reach the message broker at amqp://guest:***@127.0.0.1:" in result.output
    assert "(Connection refused). Is RabbitMQ running? Nothing was sent." in result.output
    assert "Traceback" not in result.output
    assert "guest:guest" not in result.output


def test_the_consumer_keeps_retrying_and_says_so(app, consumers, down_url):
    consumer = consumers(app, "storefront.test.unreachable", broker_url=down_url).start()
    consumer.wait_for_log("message broker unavailable at amqp://guest:***@127.0.0.1:", times=3)
    assert consumer.alive
    assert "(Connection refused); retrying in" in consumer.text()
    assert consumer.stop(timeout=5) == 0
    assert "Traceback" not in consumer.text()
    assert "guest:guest" not in consumer.text()


def test_the_consumer_reconnects_when_the_broker_comes_back(app, queue, consumers):
    relay = TcpRelay("127.0.0.1", 5672).start()
    url = f"amqp://guest:guest@127.0.0.1:{relay.port}/%2F"
    try:
        consumer = consumers(app, queue, broker_url=url).start()
        publish_all(queue, [body(event(item_id="W-1", quantity=1))])
        with app.app_context():
            wait_until(lambda: "W-1" in products_by_item(), 30, "the first event", consumer.log)
            relay.cut()
            consumer.wait_for_log("message broker unavailable")
            publish_all(queue, [body(event(item_id="W-2", name="Second Item", at=1))])
            relay.start()
            wait_until(lambda: "W-2" in products_by_item(), 30, "the second event", consumer.log)
        assert consumer.text().count("inventory consumer reading") == 2
        assert consumer.stop() == 0
    finally:
        relay.cut()


def test_a_message_whose_handling_fails_goes_back_to_the_queue(queue, caplog):
    handled: list[bytes] = []

    def handle(message: bytes) -> None:
        handled.append(message)
        if len(handled) == 1:
            raise RuntimeError("the database is away")
        consumer.stop()

    consumer = Consumer(BROKER_URL, queue, handle, prefetch=5, max_backoff=1)
    publish_all(queue, [b"only message"])
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    thread.join(30)
    assert not thread.is_alive(), "the consumer did not stop"
    assert handled == [b"only message", b"only message"]
    assert ready_messages(queue) == 0  # acknowledged after the second, successful try
    assert "could not handle a message; it goes back to the queue" in caplog.text

"""The payment sandbox process is killed in the middle of a run of checkouts."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Order, Product
from storefront.payments import provider_for
from storefront.payments.cards import Card
from storefront.payments.provider import Outcome
from storefront.payments.sandbox import SUCCESS_CARD
from storefront.services import checkout, payments
from tests import factories

FAST = {"PAYMENT_TIMEOUT_SECONDS": 1, "PAYMENT_RETRIES": 1, "PAYMENT_BACKOFF_SECONDS": 0.05}
CARD = Card(name="Ada Lovelace", number=SUCCESS_CARD, expiry="1240", cvv="123")


def test_orders_wait_for_the_sandbox_and_are_charged_once_when_it_is_back(make_app, sandbox):
    app = make_app(PAYMENT_URL=sandbox.url, **FAST)
    with app.app_context():
        product_id = factories.product("Telecaster", stock=1000).id
        buyers = [factories.user(f"buyer{number}").id for number in range(6)]

    outcomes: list[tuple[object, Outcome]] = []
    killed = threading.Event()

    def buyer(user_id) -> None:
        after_kill = 0
        while after_kill < 2:  # buy on until two orders each have met the dead sandbox
            after_kill += killed.is_set()
            with app.app_context():
                order = checkout.place_order(user_id, [(product_id, 1)])
                result = payments.pay(order.id, user_id, CARD, provider_for(app))
                outcomes.append((order.id, result.outcome))

    threads = [threading.Thread(target=buyer, args=(user_id,)) for user_id in buyers]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while len(outcomes) < 6 and time.monotonic() < deadline:
        time.sleep(0.005)
    sandbox.process.kill()  # mid-run, without a goodbye
    sandbox.stop()
    killed.set()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) >= 6 + 2 * len(buyers)
    assert Outcome.UNKNOWN in {outcome for _, outcome in outcomes}

    sandbox.start()  # back, with the charges it made before it died
    with app.app_context():
        pending = db.session.scalars(select(Order).where(Order.status == "pending_payment")).all()
        for order in pending:
            assert payments.pay(order.id, order.user_id, CARD, provider_for(app)).paid
        orders = db.session.scalars(select(Order)).all()
        assert {order.status for order in orders} == {"paid"}
        for order in orders:
            charges = [
                row
                for attempt in order.attempts
                for row in sandbox.charges(attempt.idempotency_key)
            ]
            assert len(charges) == 1, order.number
            assert charges[0]["payment_id"] == order.payment_id
        assert db.session.get(Product, product_id).stock == 1000 - len(outcomes)

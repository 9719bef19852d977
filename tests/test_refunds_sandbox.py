"""Refunds against the payment sandbox as its own process: once, and never lost.

The shop talks to the sandbox over HTTP (``PAYMENT_URL``); the sandbox keeps its own
ledger and prints a console line per refund. The provider down or an answer lost leaves
the refund pending; settling it later gives the money back exactly once.
"""

from __future__ import annotations

import time

import pytest
import requests

from storefront.models.refunds import REFUND_SUCCEEDED, REFUND_UNKNOWN
from storefront.payments.client import HttpProvider
from storefront.services import order_life, refunds
from tests import factories
from tests.order_life_helpers import admin, paid_order, refunds_of, status_of
from tests.payment_sandbox import charge_request, new_key

PATIENT = 10.0  # seconds the shop waits for an answer, except where a time-out is the test
IMPATIENT = 1.0
STALL = 3.0


@pytest.fixture
def timeout():
    return PATIENT


@pytest.fixture
def shop(make_app, sandbox_url, timeout):
    app = make_app(
        PAYMENT_URL=sandbox_url,
        PAYMENT_TIMEOUT_SECONDS=timeout,
        PAYMENT_RETRIES=1,
        PAYMENT_BACKOFF_SECONDS=0,
    )
    with app.app_context():
        yield app


@pytest.fixture
def shipped(shop):
    """A paid order of 2 x $100.00, shipped; its id and the admin."""
    buyer = factories.user("buyer")
    product_id = factories.product("Telecaster", stock=5, price_cents=10000).id
    order_id = paid_order(buyer.id, [(product_id, 2)])
    boss = admin()
    order_life.ship(order_id, boss, "DHL", "JD1")
    return order_id, boss


def sandbox_refunds(sandbox, order_id):
    return [row for row in sandbox.ledger_refunds() if row["key"].startswith(str(order_id))]


@pytest.fixture(autouse=True)
def _ledger_reader(sandbox):
    def ledger_refunds():
        response = requests.get(f"{sandbox.url}/v1/test/ledger", timeout=5)
        response.raise_for_status()
        return response.json()["refunds"]

    sandbox.ledger_refunds = ledger_refunds


def test_a_refund_reaches_the_sandbox_once_with_its_console_line(sandbox, shipped):
    order_id, boss = shipped
    report = refunds.refund(order_id, boss)
    assert report.succeeded
    assert status_of(order_id) == "refunded"
    [row] = sandbox_refunds(sandbox, order_id)
    assert row["key"] == f"{order_id}-r1"
    assert row["amount"] == "200.00"
    [refund] = refunds_of(order_id)
    assert refund.provider_refund_id == row["refund_id"]
    line = f"refund succeeded payment={row['payment_id']} amount=200.00 refund={row['refund_id']}"
    assert sandbox.wait_for_console(line) == [line]


def test_provider_down_leaves_the_refund_pending_then_settles_it_once(sandbox, shipped):
    order_id, boss = shipped
    sandbox.fail_next(10)  # every try answers 500
    report = refunds.refund(order_id, boss)
    assert report.pending
    assert status_of(order_id) == "shipped"
    assert [r.status for r in refunds_of(order_id)] == [REFUND_UNKNOWN]
    assert sandbox_refunds(sandbox, order_id) == []
    sandbox.fail_next(0)
    assert refunds.settle_pending()[REFUND_SUCCEEDED] == 1
    assert refunds.settle_pending()[REFUND_SUCCEEDED] == 0
    assert status_of(order_id) == "refunded"
    assert [r.status for r in refunds_of(order_id)] == [REFUND_SUCCEEDED]
    assert len(sandbox_refunds(sandbox, order_id)) == 1


def test_sandbox_stopped_then_back_refund_settled_once(sandbox, shipped):
    order_id, boss = shipped
    sandbox.stop()
    try:
        assert refunds.refund(order_id, boss).pending
        assert refunds.settle_pending()[REFUND_SUCCEEDED] == 0  # still down: left for later
    finally:
        sandbox.start()
    assert refunds.settle_pending()[REFUND_SUCCEEDED] == 1
    assert status_of(order_id) == "refunded"
    assert len(sandbox_refunds(sandbox, order_id)) == 1


@pytest.mark.parametrize("timeout", [IMPATIENT])
def test_an_answer_lost_after_the_refund_was_made_is_found_by_looking_it_up(sandbox, shipped):
    order_id, boss = shipped
    sandbox.fail_next(2, mode="stall", seconds=STALL)  # made, but answered after the time-out
    assert refunds.refund(order_id, boss).pending
    made = wait_for_refund(sandbox, order_id)
    assert made["status"] == "succeeded"
    patient = HttpProvider(sandbox.url, timeout=PATIENT, retries=1, backoff=0)
    assert refunds.settle_pending(patient)[REFUND_SUCCEEDED] == 1
    [refund] = refunds_of(order_id)
    assert refund.provider_refund_id == made["refund_id"]
    assert len(sandbox_refunds(sandbox, order_id)) == 1
    assert status_of(order_id) == "refunded"


def test_the_cli_settles_pending_refunds(sandbox, shop, shipped):
    order_id, boss = shipped
    sandbox.fail_next(10)
    refunds.refund(order_id, boss)
    sandbox.fail_next(0)
    result = shop.test_cli_runner().invoke(args=["orders", "settle-refunds"])
    assert result.exit_code == 0, result.output
    assert "1 refunded" in result.output
    assert status_of(order_id) == "refunded"


def wait_for_refund(sandbox, order_id):
    """The sandbox's one refund for the order, once its stalled request has been handled."""
    deadline = time.monotonic() + 30
    while not (found := sandbox_refunds(sandbox, order_id)) and time.monotonic() < deadline:
        time.sleep(0.05)
    [made] = found
    return made


def post_refund(sandbox, key, body):
    return requests.post(
        f"{sandbox.url}/v1/refunds", json=body, headers={"Idempotency-Key": key}, timeout=5
    )


def test_sandbox_answers_as_spec_8_says(sandbox):
    charge = charge_request(amount_cents=1000)
    paid = requests.post(
        f"{sandbox.url}/v1/payments",
        json={
            "amount": "10.00",
            "currency": "USD",
            "reference": charge.reference,
            "customer": "c1",
            "card": {"name": "A B", "number": charge.card.number, "expiry": "1240", "cvv": "123"},
        },
        headers={"Idempotency-Key": charge.key},
        timeout=5,
    ).json()
    payment_id = paid["payment_id"]
    key = new_key().replace("-1", "-r1")
    first = post_refund(sandbox, key, {"payment_id": payment_id, "amount": "6.00"})
    assert first.status_code == 200
    assert first.json()["status"] == "succeeded"
    again = post_refund(sandbox, key, {"payment_id": payment_id, "amount": "6.00"})
    assert (again.status_code, again.json()) == (409, {"refund_id": first.json()["refund_id"]})
    other = post_refund(sandbox, key, {"payment_id": payment_id, "amount": "5.00"})
    assert other.json()["code"] == "idempotency_key_reused"
    too_much = post_refund(sandbox, new_key(), {"payment_id": payment_id, "amount": "4.01"})
    assert (too_much.status_code, too_much.json()["code"]) == (400, "amount_too_large")
    unknown = post_refund(sandbox, new_key(), {"payment_id": "pay_nothing", "amount": "1.00"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_payment")
    bad = post_refund(sandbox, new_key(), {"payment_id": payment_id, "amount": 4})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_request")
    found = requests.get(f"{sandbox.url}/v1/refunds/{key}", timeout=5)
    assert found.status_code == 200
    assert found.json()["amount"] == "6.00"
    missing = requests.get(f"{sandbox.url}/v1/refunds/{new_key()}", timeout=5)
    assert missing.status_code == 404

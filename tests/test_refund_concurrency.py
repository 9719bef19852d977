"""Two admins at the same order at once: refunded once, stock back once (real threads).

Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import pytest

from storefront.models.refunds import REFUND_SUCCEEDED, REFUND_UNKNOWN
from storefront.payments import provider_for
from storefront.services import order_life, orders, refunds
from storefront.services.errors import Conflict
from tests import factories
from tests.order_life_helpers import admin, customer, paid_order, refunds_of, status_of, stock_of
from tests.test_cart_concurrency import run_at_once


@pytest.fixture
def shipped(app):
    with app.app_context():
        buyer = customer(factories.user("buyer"))
        product_id = factories.product("Telecaster", stock=5, price_cents=10000).id
        order_id = paid_order(buyer.id, [(product_id, 2)])
        admins = [admin("first"), admin("second")]
        order_life.ship(order_id, admins[0], "DHL", "JD1")
    return {"order": order_id, "product": product_id, "admins": admins, "buyer": buyer}


def provider_refunds(app, order_id):
    ledger = provider_for(app).sandbox.refund_ledger()  # type: ignore[attr-defined]
    return [row for row in ledger if row["key"].startswith(str(order_id))]


def test_two_admins_refunding_in_full_at_once_refund_once(app, shipped):
    order_id = shipped["order"]

    def refund(number):
        try:
            report = refunds.refund(order_id, shipped["admins"][number], returned=True)
        except Conflict as refused:
            return refused.message
        return report.status

    outcomes = run_at_once(app, 2, refund)
    assert outcomes.count(REFUND_SUCCEEDED) == 1
    with app.app_context():
        assert [r.status for r in refunds_of(order_id)] == [REFUND_SUCCEEDED]
        assert refunds_of(order_id)[0].amount_cents == 20000
        assert status_of(order_id) == "refunded"
        assert stock_of(shipped["product"]) == 5  # both units back, once
    assert len(provider_refunds(app, order_id)) == 1


def test_ten_per_line_refunds_at_once_never_exceed_what_was_sold(app, shipped):
    order_id = shipped["order"]
    with app.app_context():
        line_id = orders.any_order(order_id).lines[0].id

    def refund_one(number):
        try:
            who = shipped["admins"][number % 2]
            return refunds.refund(order_id, who, {line_id: 1}, returned=True).status
        except Conflict:
            return "refused"
        except Exception as error:  # InvalidInput: no unit left on the line
            return type(error).__name__

    outcomes = run_at_once(app, 10, refund_one)
    assert outcomes.count(REFUND_SUCCEEDED) == 2
    with app.app_context():
        assert sum(r.amount_cents for r in refunds_of(order_id)) == 20000
        assert stock_of(shipped["product"]) == 5
        assert status_of(order_id) == "refunded"
    assert len(provider_refunds(app, order_id)) == 2


def test_customer_and_admin_cancelling_at_once_return_stock_once(app):
    with app.app_context():
        buyer = customer(factories.user("buyer"))
        product_id = factories.product(stock=4, price_cents=1000).id
        order_id = paid_order(buyer.id, [(product_id, 3)])
        who = [buyer, admin()]

    def cancel(number):
        try:
            order_life.cancel(order_id, who[number])
        except Conflict:
            return "refused"
        return "cancelled"

    assert sorted(run_at_once(app, 2, cancel)) == ["cancelled", "refused"]
    with app.app_context():
        assert stock_of(product_id) == 4
        assert [r.status for r in refunds_of(order_id)] == [REFUND_SUCCEEDED]
    assert len(provider_refunds(app, order_id)) == 1


def test_settling_one_pending_refund_from_four_workers_at_once_refunds_once(app, shipped):
    order_id = shipped["order"]
    sandbox = provider_for(app).sandbox  # type: ignore[attr-defined]
    sandbox.fail_next({"count": 10})
    with app.app_context():
        assert refunds.refund(order_id, shipped["admins"][0]).pending
        assert [r.status for r in refunds_of(order_id)] == [REFUND_UNKNOWN]
    sandbox.fail_next({"count": 0})
    run_at_once(app, 4, lambda _number: refunds.settle_pending())
    with app.app_context():
        assert [r.status for r in refunds_of(order_id)] == [REFUND_SUCCEEDED]
        assert status_of(order_id) == "refunded"
    assert len(provider_refunds(app, order_id)) == 1

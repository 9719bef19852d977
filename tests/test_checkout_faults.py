"""Paying for orders against the real sandbox process, with every fault it can show."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Order, PaymentAttempt, Product
from storefront.payments import provider_for
from storefront.payments.cards import Card
from storefront.payments.provider import Outcome
from storefront.payments.sandbox import DECLINE_CARD, SUCCESS_CARD
from storefront.services import carts, checkout, payments, unpaid_orders
from tests import factories
from tests.payment_sandbox import free_port
from tests.test_cart_concurrency import run_at_once

FAST = {"PAYMENT_TIMEOUT_SECONDS": 1, "PAYMENT_RETRIES": 1, "PAYMENT_BACKOFF_SECONDS": 0.05}


def card(number: str = SUCCESS_CARD) -> Card:
    return Card(name="Ada Lovelace", number=number, expiry="1240", cvv="123")


@pytest.fixture
def shop(make_app, sandbox_url):
    return make_app(PAYMENT_URL=sandbox_url, **FAST)


@pytest.fixture
def order(shop):
    """A pending order for one guitar, out of three in stock."""
    with shop.app_context():
        product = factories.product("Telecaster", price_cents=89900, stock=3)
        buyer = factories.user("buyer").id
        cart = carts.add_item(None, buyer, product.id, 1)
        placed = checkout.place_order_from_cart(cart.id, buyer)
        return {"id": placed.id, "user": buyer, "product": product.id}


def pay(app, order, number=SUCCESS_CARD):
    with app.app_context():
        result = payments.pay(order["id"], order["user"], card(number), provider_for(app))
        return result.outcome, result.order.payment_id


def attempts(app, order) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(PaymentAttempt)
            .where(PaymentAttempt.order_id == order["id"])
            .order_by(PaymentAttempt.number)
        )
        return [(row.number, row.status) for row in rows]


def status_and_stock(app, order) -> tuple[str, int]:
    with app.app_context():
        return (
            db.session.get(Order, order["id"]).status,
            db.session.get(Product, order["product"]).stock,
        )


def test_success(shop, order, sandbox):
    outcome, payment_id = pay(shop, order)
    assert outcome is Outcome.PAID
    assert [row["payment_id"] for row in sandbox.charges(f"{order['id']}-1")] == [payment_id]
    assert status_and_stock(shop, order) == ("paid", 2)
    assert sandbox.wait_for_console(f"payment={payment_id}")


def test_decline_then_success_with_another_card(shop, order, sandbox):
    assert pay(shop, order, DECLINE_CARD)[0] is Outcome.DECLINED
    assert status_and_stock(shop, order) == ("pending_payment", 2)
    assert pay(shop, order)[0] is Outcome.PAID
    assert attempts(shop, order) == [(1, "declined"), (2, "paid")]
    assert sandbox.charges(f"{order['id']}-1") == []
    assert len(sandbox.charges(f"{order['id']}-2")) == 1


def test_a_500_is_retried_with_the_same_key(shop, order, sandbox):
    sandbox.fail_next(1, "error")
    assert pay(shop, order)[0] is Outcome.PAID
    assert attempts(shop, order) == [(1, "paid")]
    assert len(sandbox.charges(f"{order['id']}-1")) == 1


def test_timeout_leaves_the_order_pending_then_409_settles_it(shop, order, sandbox):
    sandbox.fail_next(2, "stall")  # both tries charge, but their answers come too late
    assert pay(shop, order)[0] is Outcome.UNKNOWN
    assert status_and_stock(shop, order) == ("pending_payment", 2)  # stock stays held
    assert attempts(shop, order) == [(1, "unknown")]

    outcome, payment_id = pay(shop, order, DECLINE_CARD)  # same key: the provider says 409
    assert outcome is Outcome.PAID
    charges = sandbox.charges(f"{order['id']}-1")
    assert [row["payment_id"] for row in charges] == [payment_id]
    assert attempts(shop, order) == [(1, "paid")]


def test_sandbox_not_running_then_back(make_app, order, shop, sandbox):
    down = make_app(PAYMENT_URL=f"http://127.0.0.1:{free_port()}", **FAST)
    assert pay(down, order)[0] is Outcome.UNKNOWN
    assert status_and_stock(shop, order) == ("pending_payment", 2)
    assert pay(shop, order)[0] is Outcome.PAID
    assert len(sandbox.charges(f"{order['id']}-1")) == 1


def test_ten_submits_of_one_cart_make_one_order_and_one_charge(shop, sandbox):
    with shop.app_context():
        product_id = factories.product(stock=5).id
        buyer = factories.user("eager").id
        cart_id = carts.add_item(None, buyer, product_id, 1).id

    def submit(_number):
        with shop.app_context():
            placed = checkout.place_order_from_cart(cart_id, buyer)
            try:
                return placed.id, payments.pay(placed.id, buyer, card(), provider_for(shop)).outcome
            except payments.PaymentInProgress:
                return placed.id, "in progress"

    results = run_at_once(shop, 10, submit)
    order_ids = {order_id for order_id, _ in results}
    assert len(order_ids) == 1
    order_id = order_ids.pop()
    assert Outcome.PAID in [outcome for _, outcome in results]
    assert len(sandbox.charges(f"{order_id}-1")) == 1
    assert sandbox.ledger(f"{order_id}-2") == []
    with shop.app_context():
        assert db.session.get(Product, product_id).stock == 4


def test_expiry_settles_a_charge_that_arrived_instead_of_cancelling(make_app, shop, order, sandbox):
    sandbox.fail_next(2, "stall")
    assert pay(shop, order)[0] is Outcome.UNKNOWN
    later = make_app(
        PAYMENT_URL=sandbox.url, ORDER_PAYMENT_TTL_MINUTES=0, PAYMENT_IN_FLIGHT_SECONDS=0, **FAST
    )
    with later.app_context():
        counts = unpaid_orders.expire_unpaid(provider_for(later))
    assert counts == {"cancelled": 0, "paid": 1, "left": 0}
    assert status_and_stock(shop, order) == ("paid", 2)


def test_expiry_cancels_and_returns_stock_exactly_once(make_app, shop, order, sandbox):
    assert pay(shop, order, DECLINE_CARD)[0] is Outcome.DECLINED
    later = make_app(PAYMENT_URL=sandbox.url, ORDER_PAYMENT_TTL_MINUTES=0, **FAST)

    def expire(_number):
        with later.app_context():
            return unpaid_orders.expire_unpaid(provider_for(later))["cancelled"]

    assert sum(run_at_once(later, 4, expire)) == 1
    assert status_and_stock(shop, order) == ("cancelled", 3)
    assert expire(0) == 0
    assert status_and_stock(shop, order) == ("cancelled", 3)
    with shop.app_context(), pytest.raises(payments.OrderNotPayable):
        payments.pay(order["id"], order["user"], card(), provider_for(shop))


def test_expiry_leaves_an_order_alone_while_the_provider_cannot_tell(
    make_app, shop, order, sandbox
):
    sandbox.fail_next(2, "error")
    assert pay(shop, order)[0] is Outcome.UNKNOWN
    down = make_app(
        PAYMENT_URL=f"http://127.0.0.1:{free_port()}",
        ORDER_PAYMENT_TTL_MINUTES=0,
        PAYMENT_IN_FLIGHT_SECONDS=0,
        **FAST,
    )
    with down.app_context():
        assert unpaid_orders.expire_unpaid(provider_for(down)) == {
            "cancelled": 0,
            "paid": 0,
            "left": 1,
        }
    assert status_and_stock(shop, order) == ("pending_payment", 2)
    later = make_app(
        PAYMENT_URL=sandbox.url, ORDER_PAYMENT_TTL_MINUTES=0, PAYMENT_IN_FLIGHT_SECONDS=0, **FAST
    )
    with later.app_context():  # the look-up finds no charge: cancel, stock back
        assert unpaid_orders.expire_unpaid(provider_for(later))["cancelled"] == 1
    assert status_and_stock(shop, order) == ("cancelled", 3)

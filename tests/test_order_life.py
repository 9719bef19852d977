"""The order's life through its services: each change checked, recorded, stock back once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.models.base import utcnow
from storefront.models.refunds import REFUND_SUCCEEDED
from storefront.services import (
    checkout,
    order_life,
    order_timeline,
    orders,
    refunds,
    unpaid_orders,
)
from storefront.services.errors import InvalidInput
from storefront.services.order_rows import OrderNotFound
from storefront.services.order_states import TransitionRefused
from storefront.services.refunds import NothingToRefund
from tests import factories
from tests.order_life_helpers import (
    admin,
    customer,
    paid_order,
    refunds_of,
    status_of,
    stock_of,
)


@pytest.fixture
def bought(ctx):
    """A paid order of 2 units (stock 5 -> 3), its buyer and an admin."""
    buyer = factories.user("buyer")
    product = factories.product("Telecaster", stock=5, price_cents=10000)
    order_id = paid_order(buyer.id, [(product.id, 2)])
    return {"order": order_id, "product": product.id, "buyer": customer(buyer), "admin": admin()}


def kinds(order_id):
    return [event.kind for event in order_timeline.events(order_id)]


def test_paid_shipped_delivered_each_recorded_with_who_and_why(bought):
    order_id, boss = bought["order"], bought["admin"]
    order_life.ship(order_id, boss, "DHL", "JD0001")
    order_life.deliver(order_id, boss)
    assert status_of(order_id) == "delivered"
    events = order_timeline.events(order_id)
    assert [e.kind for e in events] == ["paid", "shipped", "delivered"]
    assert events[1].actor_name == "boss"
    assert events[1].note == "DHL, tracking number JD0001"
    assert (events[1].from_status, events[1].to_status) == ("paid", "shipped")


@pytest.mark.parametrize(
    ("steps", "action", "message"),
    [
        ([], "deliver", "only a shipped order can be marked as delivered"),
        (["ship"], "ship", "only a paid order can be shipped"),
        (["ship"], "cancel", "is shipped and can no longer be cancelled"),
        (["ship", "deliver"], "cancel", "is delivered and can no longer be cancelled"),
        (["cancel"], "ship", "is cancelled: only a paid order can be shipped"),
        (["cancel"], "refund", "only a shipped or delivered order is refunded"),
        ([], "refund", "cancel a paid order that has not shipped instead"),
    ],
)
def test_refused_changes_say_why_and_change_nothing(bought, steps, action, message):
    order_id, boss = bought["order"], bought["admin"]
    do = {
        "ship": lambda: order_life.ship(order_id, boss, "DHL", "1"),
        "deliver": lambda: order_life.deliver(order_id, boss),
        "cancel": lambda: order_life.cancel(order_id, boss),
        "refund": lambda: refunds.refund(order_id, boss),
    }
    for step in steps:
        do[step]()
    before = (status_of(order_id), kinds(order_id), stock_of(bought["product"]))
    with pytest.raises(TransitionRefused) as refused:
        do[action]()
    assert message in refused.value.message
    assert (status_of(order_id), kinds(order_id), stock_of(bought["product"])) == before


def test_shipping_needs_a_carrier_and_a_tracking_number(bought):
    with pytest.raises(InvalidInput) as problem:
        order_life.ship(bought["order"], bought["admin"], "  ", "x" * 81)
    assert set(problem.value.fields) == {"carrier", "tracking_number"}
    assert status_of(bought["order"]) == "paid"


def test_customer_cancels_a_paid_order_money_and_stock_back_once(bought):
    order_id, buyer = bought["order"], bought["buyer"]
    report = order_life.cancel(order_id, buyer, "Changed my mind")
    assert report is not None
    assert report.succeeded
    assert report.amount_cents == 20000
    assert status_of(order_id) == "cancelled"
    assert stock_of(bought["product"]) == 5
    with pytest.raises(TransitionRefused):
        order_life.cancel(order_id, bought["admin"])
    assert stock_of(bought["product"]) == 5
    assert [r.status for r in refunds_of(order_id)] == [REFUND_SUCCEEDED]
    assert kinds(order_id) == ["paid", "cancelled", "returned", "refund_requested", "refunded"]


def test_a_customer_cannot_touch_another_customers_order(bought):
    stranger = customer(factories.user("stranger"))
    with pytest.raises(OrderNotFound):
        order_life.cancel(bought["order"], stranger)
    assert status_of(bought["order"]) == "paid"


def test_refund_per_line_then_the_rest_never_more_than_paid(ctx):
    buyer = factories.user("buyer")
    guitar = factories.product("Guitar", stock=5, price_cents=10000)
    strings = factories.product("Strings", stock=50, price_cents=500)
    order_id = paid_order(buyer.id, [(guitar.id, 1), (strings.id, 4)])
    boss = admin()
    order_life.ship(order_id, boss, "UPS", "1Z")
    lines = {line.name: line for line in order_timeline_lines(order_id)}
    first = refunds.refund(order_id, boss, {lines["Strings"].id: 2}, returned=True)
    assert first.succeeded
    assert first.amount_cents == 1000
    assert status_of(order_id) == "shipped"
    assert stock_of(strings.id) == 48  # two came back
    with pytest.raises(InvalidInput):
        refunds.refund(order_id, boss, {lines["Strings"].id: 3})
    rest = refunds.refund(order_id, boss)  # everything left
    assert rest.succeeded
    assert rest.amount_cents == 11000
    assert status_of(order_id) == "refunded"
    assert stock_of(guitar.id) == 4  # not returned: stays out
    with pytest.raises(TransitionRefused):
        refunds.refund(order_id, boss)


def test_nothing_left_to_refund_is_refused(ctx):
    buyer = factories.user("buyer")
    product = factories.product(stock=5, price_cents=1000)
    order_id = paid_order(buyer.id, [(product.id, 1)])
    boss = admin()
    order_life.ship(order_id, boss, "UPS", "1Z")
    refunds.refund(order_id, boss, returned=True)
    assert stock_of(product.id) == 5
    with pytest.raises((NothingToRefund, TransitionRefused)):
        refunds.refund(order_id, boss, returned=True)
    assert stock_of(product.id) == 5


def test_expiry_of_an_unpaid_order_is_an_event_and_stock_comes_back_once(ctx):
    buyer = factories.user("buyer")
    product = factories.product(stock=3)
    order = checkout.place_order(buyer.id, [(product.id, 2)])
    assert stock_of(product.id) == 1
    later = utcnow() + timedelta(days=1)
    assert unpaid_orders.expire_unpaid(now=later)["cancelled"] == 1
    assert unpaid_orders.expire_unpaid(now=later)["cancelled"] == 0
    assert stock_of(product.id) == 3
    assert kinds(order.id) == ["expired"]
    assert order_life.expire(order.id) is False


def order_timeline_lines(order_id):
    return orders.any_order(order_id).lines

"""A refund of a discounted order gives back what was paid, never the price before it."""

from __future__ import annotations

from storefront.services import buying, order_life, orders, refunds
from storefront.services.voucher_input import VoucherInput
from storefront.services.vouchers_admin import create_voucher
from tests import factories
from tests.order_life_helpers import CARD, admin, customer


def test_per_line_refunds_then_the_rest_add_up_to_what_was_paid(ctx):
    buyer = factories.user("buyer")
    guitar = factories.product("Guitar", stock=5, price_cents=10000)
    strings = factories.product("Strings", stock=50, price_cents=500)
    create_voucher(VoucherInput(code="THIRTY", kind="amount", value="30"))
    purchase = buying.buy(buyer.id, CARD, lines=[(guitar.id, 1), (strings.id, 4)], voucher="THIRTY")
    assert purchase.result is buying.Result.PAID
    order = purchase.order
    assert (order.total_cents, order.discount_cents) == (9000, 3000)
    # 30.00 shared in proportion: 25.00 off the guitar (100.00), 5.00 off the strings (20.00)
    assert {line.name: line.discount_cents for line in order.lines} == {
        "Guitar": 2500,
        "Strings": 500,
    }
    boss = admin()
    order_life.ship(order.id, boss, "UPS", "1Z")
    lines = {line.name: line for line in orders.any_order(order.id).lines}
    first = refunds.refund(order.id, boss, {lines["Strings"].id: 2})
    assert first.amount_cents == 750  # half of the 15.00 paid for the strings
    rest = refunds.refund(order.id, boss)
    assert first.amount_cents + rest.amount_cents == 9000


def test_cancelling_a_paid_discounted_order_refunds_the_discounted_total(ctx):
    buyer = factories.user("buyer")
    guitar = factories.product("Guitar", stock=5, price_cents=10000)
    create_voucher(VoucherInput(code="TEN", kind="percent", value="10"))
    order = buying.buy(buyer.id, CARD, lines=[(guitar.id, 1)], voucher="ten").order
    report = order_life.cancel(order.id, customer(buyer))
    assert report is not None
    assert report.amount_cents == 9000

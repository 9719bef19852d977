"""A voucher's limits under concurrency, and a cancelled unpaid order giving its use back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Order, Voucher, VoucherRedemption
from storefront.models.base import utcnow
from storefront.services import cart_vouchers, carts, checkout, unpaid_orders
from storefront.services.discounts import VoucherRefused
from storefront.services.voucher_input import VoucherInput
from storefront.services.vouchers_admin import create_voucher
from tests import factories
from tests.test_cart_concurrency import run_at_once


def place_with_code(user_id, product_id, code):
    """An order of one unit with a voucher code, as POST /orders places it."""
    wanted = checkout.wanted_lines(user_id, [(product_id, 1)], voucher=code)
    with write_transaction() as session:
        return checkout.place(session.connection(), wanted)[0]


def used(voucher_id):
    voucher = db.session.get(Voucher, voucher_id)
    db.session.refresh(voucher)
    return voucher.used


def test_a_limit_of_five_is_never_used_six_times(app):
    with app.app_context():
        product_id = factories.product("Pedal", stock=100, price_cents=5000).id
        buyers = [factories.user(f"buyer{number}").id for number in range(20)]
        voucher_id = create_voucher(
            VoucherInput(code="FIVE", kind="amount", value="10", usage_limit=5)
        ).id
        cart_ids = []
        for buyer in buyers:
            cart_id = carts.add_item(None, buyer, product_id, 1).id
            cart_vouchers.apply_voucher(cart_id, buyer, "five")
            cart_ids.append(cart_id)

    def buy(number):
        try:
            order = checkout.place_order_from_cart(cart_ids[number], buyers[number])
        except VoucherRefused as refused:
            return refused.reason
        return order.discount_cents

    outcomes = run_at_once(app, 20, buy)
    assert sorted(outcomes, key=str) == [1000] * 5 + ["used_up"] * 15
    with app.app_context():
        assert used(voucher_id) == 5
        assert db.session.scalar(select(func.count()).select_from(VoucherRedemption)) == 5
        assert db.session.scalar(select(func.count()).select_from(Order)) == 5


def test_one_customer_racing_several_orders_gets_the_per_customer_limit(app):
    with app.app_context():
        product_id = factories.product("Pedal", stock=100).id
        buyer = factories.user("eager").id
        voucher_id = create_voucher(
            VoucherInput(code="ONEEACH", kind="percent", value="10", per_customer_limit=1)
        ).id

    def buy(_number):
        try:
            return place_with_code(buyer, product_id, "ONEEACH").discount_cents
        except VoucherRefused as refused:
            return refused.reason

    outcomes = run_at_once(app, 8, buy)
    assert sorted(outcomes, key=str) == [100] + ["used_up"] * 7
    with app.app_context():
        assert used(voucher_id) == 1


def test_a_cancelled_unpaid_order_gives_its_use_back_once(app):
    with app.app_context():
        product_id = factories.product("Pedal", stock=10).id
        first, second = factories.user("first").id, factories.user("second").id
        voucher_id = create_voucher(
            VoucherInput(code="SINGLE", kind="amount", value="2", usage_limit=1)
        ).id
        order = place_with_code(first, product_id, "SINGLE")
        assert used(voucher_id) == 1
        with pytest.raises(VoucherRefused, match="used up"):
            place_with_code(second, product_id, "SINGLE")

        later = utcnow() + timedelta(hours=2)
        assert unpaid_orders.expire_unpaid(now=later)["cancelled"] == 1
        assert unpaid_orders.expire_unpaid(now=later)["cancelled"] == 0
        assert used(voucher_id) == 0
        redemption = db.session.scalar(
            select(VoucherRedemption).where(VoucherRedemption.order_id == order.id)
        )
        assert redemption.released_at is not None

        again = place_with_code(second, product_id, "SINGLE")
        assert again.discount_cents == 200
        assert used(voucher_id) == 1

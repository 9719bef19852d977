"""A state machine over carts, checkout and payment: the books always balance.

After every step, for every product: stock never goes negative; what carts
hold plus what live orders took never exceeds what was received; stock plus
what live orders took equals what was received. Every paid order has exactly
one charge at the payment sandbox.
"""

from __future__ import annotations

import contextlib
import uuid

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Order, OrderLine, Product
from storefront.models.orders import CANCELLED, PAID
from storefront.payments import provider_for
from storefront.payments.cards import Card
from storefront.payments.sandbox import DECLINE_CARD, SUCCESS_CARD
from storefront.services import (
    carts,
    catalogue_admin,
    checkout,
    payments,
    stock,
    unpaid_orders,
    visitor_carts,
)
from storefront.services.errors import ServiceError
from tests import factories

SUCCESS = Card(name="Ada Lovelace", number=SUCCESS_CARD, expiry="1240", cvv="123")
DECLINE = Card(name="Ada Lovelace", number=DECLINE_CARD, expiry="1240", cvv="123")


def shop_machine(app):
    class Shop(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.ctx = app.app_context()
            self.ctx.push()
            run = uuid.uuid4().hex[:6]
            self.products = [factories.product(f"P{run}{n}", stock=3).id for n in range(2)]
            self.received = dict.fromkeys(self.products, 3)
            self.people = [factories.user(f"u{run}{n}").id for n in range(3)]
            self.provider = provider_for(app)

        def teardown(self) -> None:
            db.session.remove()
            self.ctx.pop()

        def _cart(self, person: int):
            return visitor_carts.current_cart(self.people[person], None)

        @rule(person=st.integers(0, 2), product=st.integers(0, 1), quantity=st.integers(1, 4))
        def add(self, person, product, quantity):
            cart = self._cart(person)
            with contextlib.suppress(ServiceError):
                carts.add_item(
                    cart.id if cart else None, self.people[person], self.products[product], quantity
                )

        @rule(person=st.integers(0, 2), product=st.integers(0, 1), quantity=st.integers(0, 4))
        def set_quantity(self, person, product, quantity):
            cart = self._cart(person)
            if cart is not None:
                with contextlib.suppress(ServiceError):
                    carts.set_quantity(
                        cart.id, self.people[person], self.products[product], quantity
                    )

        @rule(person=st.integers(0, 2), product=st.integers(0, 1))
        def remove(self, person, product):
            cart = self._cart(person)
            if cart is not None:
                with contextlib.suppress(ServiceError):
                    carts.remove_line(cart.id, self.people[person], self.products[product])

        @rule(person=st.integers(0, 2))
        def delete_cart(self, person):
            cart = self._cart(person)
            if cart is not None:
                carts.delete_cart(cart.id, self.people[person])

        @rule(roll=st.integers(0, 4))
        def expire_carts(self, roll):
            if roll == 0:  # now and then: expiry empties every cart at once
                factories.age_carts(app.config["CART_TTL_MINUTES"] + 1)

        @rule(person=st.integers(0, 2), declined=st.booleans())
        def checkout_and_pay(self, person, declined):
            """The first person from ``person`` on who has something in a cart buys it."""
            for offset in range(3):
                person = (person + offset) % 3
                cart = self._cart(person)
                if cart is not None and cart.lines:
                    break
            else:
                return
            try:
                order = checkout.place_order_from_cart(cart.id, self.people[person])
            except ServiceError:
                return
            payments.pay(
                order.id, self.people[person], DECLINE if declined else SUCCESS, self.provider
            )

        @rule(person=st.integers(0, 2))
        def pay_a_pending_order(self, person):
            pending = db.session.scalar(
                select(Order).where(
                    Order.user_id == self.people[person], Order.status == "pending_payment"
                )
            )
            if pending is not None:
                payments.pay(pending.id, self.people[person], SUCCESS, self.provider)

        @rule()
        def cancel_unpaid(self):
            app.config["ORDER_PAYMENT_TTL_MINUTES"] = 0
            try:
                unpaid_orders.expire_unpaid(self.provider)
            finally:
                app.config["ORDER_PAYMENT_TTL_MINUTES"] = 30

        @rule(product=st.integers(0, 1), amount=st.integers(1, 3))
        def restock(self, product, amount):
            catalogue_admin.change_stock(self.products[product], delta=amount)
            self.received[self.products[product]] += amount

        @invariant()
        def books_balance(self):
            db.session.expire_all()
            for product_id, received in self.received.items():
                on_hand = db.session.get(Product, product_id).stock
                taken = db.session.scalar(
                    select(func.coalesce(func.sum(OrderLine.quantity), 0))
                    .join(Order, Order.id == OrderLine.order_id)
                    .where(OrderLine.product_id == product_id, Order.status != CANCELLED)
                )
                assert on_hand >= 0
                assert on_hand + taken == received
                assert stock.reserved_quantity(product_id) + taken <= received

        @invariant()
        def one_charge_per_paid_order(self):
            for order in db.session.scalars(select(Order).where(Order.user_id.in_(self.people))):
                charges = [
                    row
                    for attempt in order.attempts
                    for row in self.provider.sandbox.ledger(attempt.idempotency_key)
                    if row["status"] == "succeeded"
                ]
                assert len(charges) == (1 if order.status == PAID else 0), order.number

    return Shop


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_the_books_always_balance(app):
    run_state_machine_as_test(
        shop_machine(app),
        settings=settings(
            max_examples=30,
            stateful_step_count=40,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )

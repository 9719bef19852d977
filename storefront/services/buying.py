"""Buying: one call places the order and pays for it, for every face of the shop.

The HTML checkout, the API's cart checkout and its cart-less order all call ``buy``;
"Pay now" and the API's pay call ``pay_for``. Each answers with a ``Purchase``: the
order as plain values and what became of the payment, which pages turn into a message
and the API into a status code. Later steps of buying (the address, shipping, a
voucher) belong here, not in views.

A new order's first payment attempt is recorded in the transaction that places it,
so a purchase is two short transactions with the provider's call between them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..database import write_transaction
from ..payments.cards import Card
from ..payments.provider import Outcome
from . import checkout, delivery, payments
from .addresses import AddressValues
from .order_summary import OrderSummary


class Result(StrEnum):
    PAID = "paid"  # the money arrived (now, or before)
    DECLINED = "declined"  # the card was refused: the order waits, pending, for another
    PENDING = "pending"  # the provider's answer is not known yet: the order waits, pending
    IN_PROGRESS = "in_progress"  # another request is paying for this order right now


@dataclass(frozen=True)
class Purchase:
    """What buying (or paying) did: the order as it now stands, and the payment's result."""

    order: OrderSummary
    result: Result
    reason: str | None = None  # the provider's words for a decline


_RESULTS = {Outcome.PAID: Result.PAID, Outcome.DECLINED: Result.DECLINED}


def buy(
    user_id: uuid.UUID,
    card: Card,
    *,
    cart_id: uuid.UUID | None = None,
    lines: Iterable[tuple[uuid.UUID, int]] = (),
    voucher: str | None = None,
    address: AddressValues | Mapping[str, Any] | None = None,
    address_id: uuid.UUID | None = None,
    shipping_method: int | None = None,
) -> Purchase:
    """Place an order from the cart (or from the lines) and pay for it by card.

    A cart sent again finds the order it made and pays for that one, never twice. The
    cart's voucher (or ``voucher``, a code, for lines) is checked again as the order is placed.
    The order goes to ``address`` (a new one, saved for next time) or the saved
    ``address_id`` by ``shipping_method``; left out, as ``delivery.choose`` says.
    """
    ship = delivery.choose(
        user_id, address=address, address_id=address_id, method_id=shipping_method
    )
    if cart_id is not None:
        wanted = checkout.Wanted(user_id, [], cart_id, card.last4, delivery=ship)
    else:
        wanted = checkout.wanted_lines(user_id, lines, card.last4, voucher, ship)
    with write_transaction() as session:
        connection = session.connection()
        order, placed_now = checkout.place(connection, wanted)
        claim = payments.claim_new(connection, order, card) if placed_now else None
    if claim is None:
        return pay_for(order.id, user_id, card)
    result = payments.charge(claim, card)
    return Purchase(
        payments.paid_summary(order, result),
        _RESULTS.get(result.outcome, Result.PENDING),
        result.error if result.outcome is Outcome.DECLINED else None,
    )


def pay_for(order_id: uuid.UUID, user_id: uuid.UUID, card: Card) -> Purchase:
    """Pay for the user's pending order (an order already paid answers PAID, uncharged)."""
    try:
        paid = payments.pay(order_id, user_id, card)
    except payments.PaymentInProgress:
        return Purchase(payments.current_summary(order_id, user_id), Result.IN_PROGRESS)
    reason = paid.message if paid.outcome is Outcome.DECLINED else None
    return Purchase(paid.order, _RESULTS.get(paid.outcome, Result.PENDING), reason)

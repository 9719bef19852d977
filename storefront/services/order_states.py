"""The order's life (SPEC 8), stated once: which change may happen to an order in which status.

    pending_payment -> paid -> shipped -> delivered
    pending_payment -> cancelled     (unpaid: stock back)
    paid            -> cancelled     (refunded in full: stock back)
    shipped/delivered -> refunded    (once everything paid was refunded; per line before that)

Every face (pages, API, command line, the worker) changes an order through
``order_life`` and ``refunds``, which ask ``check()`` here first; each change is written
down as an order event whose kind is one of ``EVENT_TITLES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models.orders import CANCELLED, DELIVERED, PAID, PENDING_PAYMENT, REFUNDED, SHIPPED
from .errors import Conflict

# The changes, by name.
PAY = "pay"
SHIP = "ship"
DELIVER = "deliver"
CANCEL = "cancel"
EXPIRE = "expire"  # the shop cancels an order left unpaid
REFUND = "refund"  # part of what was paid (status unchanged) or the last of it (-> refunded)


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str | None  # None: the status stays (a partial refund)


TRANSITIONS: dict[str, Transition] = {
    PAY: Transition((PENDING_PAYMENT,), PAID),
    SHIP: Transition((PAID,), SHIPPED),
    DELIVER: Transition((SHIPPED,), DELIVERED),
    CANCEL: Transition((PENDING_PAYMENT, PAID), CANCELLED),
    EXPIRE: Transition((PENDING_PAYMENT,), CANCELLED),
    REFUND: Transition((SHIPPED, DELIVERED), None),
}
FULLY_REFUNDED = REFUNDED  # where REFUND leads once nothing paid is left to give back

STATUS_LABELS = {
    PENDING_PAYMENT: "Pending payment",
    PAID: "Paid",
    SHIPPED: "Shipped",
    DELIVERED: "Delivered",
    CANCELLED: "Cancelled",
    REFUNDED: "Refunded",
}

# What each kind of event says on the timeline.
EVENT_TITLES = {
    "paid": "Paid",
    "shipped": "Shipped",
    "delivered": "Delivered",
    "cancelled": "Cancelled",
    "expired": "Cancelled: not paid in time",
    "refund_requested": "Refund requested",
    "refunded": "Refunded",
    "refund_refused": "Refund refused by the payment provider",
    "returned": "Goods came back to stock",
}

# Why a change is refused, in words for the person who asked.
_REFUSALS = {
    PAY: "Order {number} is {status} and cannot be paid.",
    SHIP: "Order {number} is {status}: only a paid order can be shipped.",
    DELIVER: "Order {number} is {status}: only a shipped order can be marked as delivered.",
    CANCEL: "Order {number} is {status} and can no longer be cancelled.",
    EXPIRE: "Order {number} is {status} and is not waiting for payment.",
    REFUND: "Order {number} is {status}: only a shipped or delivered order is refunded; "
    "cancel a paid order that has not shipped instead.",
}


class TransitionRefused(Conflict):
    """The order's status does not allow this change."""

    def __init__(self, action: str, number: str, status: str) -> None:
        label = STATUS_LABELS.get(status, status).lower()
        super().__init__(_REFUSALS[action].format(number=number, status=label))
        self.action = action
        self.status = status


def allowed(action: str, status: str) -> bool:
    """Whether ``action`` may happen to an order in ``status``."""
    return status in TRANSITIONS[action].sources


def check(action: str, number: str, status: str) -> str:
    """The status ``action`` leads to from ``status`` (unchanged for a partial refund)."""
    if not allowed(action, status):
        raise TransitionRefused(action, number, status)
    return TRANSITIONS[action].target or status


def actions_for(status: str) -> list[str]:
    """The changes an order in ``status`` allows, in the order the admin's page shows them."""
    return [action for action in (SHIP, DELIVER, REFUND, CANCEL) if allowed(action, status)]

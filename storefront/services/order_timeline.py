"""Reading an order's life for its pages and the API: events, refunds, what may happen next."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..models import Refund
from ..models.orders import PAID, PENDING_PAYMENT
from ..models.refunds import REFUND_OPEN, REFUND_SUCCEEDED
from . import order_events, order_states
from .order_events import Event

REFUNDS = Refund.__table__
CUSTOMER_CAN_CANCEL = (PENDING_PAYMENT, PAID)

_REFUNDS = (
    select(
        REFUNDS.c.number,
        REFUNDS.c.idempotency_key,
        REFUNDS.c.status,
        REFUNDS.c.amount_cents,
        REFUNDS.c.provider_refund_id,
        REFUNDS.c.reason,
        REFUNDS.c.error,
        REFUNDS.c.created_at,
        REFUNDS.c.settled_at,
    )
    .where(REFUNDS.c.order_id == bindparam("order_id"))
    .order_by(REFUNDS.c.number)
)
_OPEN_COUNT = select(func.count()).where(REFUNDS.c.status.in_(REFUND_OPEN))


@dataclass(frozen=True)
class RefundRow:
    number: int
    idempotency_key: str
    status: str
    amount_cents: int
    provider_refund_id: str | None
    reason: str | None
    error: str | None
    created_at: datetime
    settled_at: datetime | None

    @property
    def pending(self) -> bool:
        return self.status in REFUND_OPEN


def events(order_id: uuid.UUID) -> list[Event]:
    """The order's timeline, oldest first."""
    return order_events.timeline(db.session.connection(), order_id)


def refunds(order_id: uuid.UUID) -> list[RefundRow]:
    """Every refund asked for on the order, first first."""
    return [
        RefundRow(**row._mapping)
        for row in db.session.connection().execute(_REFUNDS, {"order_id": order_id})
    ]


def refunded_cents(found: list[RefundRow]) -> int:
    """How much of ``found`` went back."""
    return sum(row.amount_cents for row in found if row.status == REFUND_SUCCEEDED)


def admin_actions(status: str) -> list[str]:
    """What an admin may do to an order in ``status``: ship, deliver, refund, cancel."""
    return order_states.actions_for(status)


def customer_may_cancel(status: str) -> bool:
    """Whether a customer may cancel their order in ``status`` (not once it has shipped)."""
    return status in CUSTOMER_CAN_CANCEL


def open_refund_count() -> int:
    """How many refunds wait for the provider's answer."""
    return int(db.session.scalar(_OPEN_COUNT) or 0)

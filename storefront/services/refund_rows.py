"""The statements on refunds, and recording what the provider said about one.

Shared by asking for a refund and by settling refunds whose outcome was never learned
(``refunds``). Rows are locked order first, then refund.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, insert, select, update

from ..models import Order, OrderLine, Refund, RefundLine
from ..models.base import utcnow
from ..models.orders import DELIVERED, REFUNDED, SHIPPED
from ..models.refunds import (
    REFUND_IN_FLIGHT,
    REFUND_OPEN,
    REFUND_REFUSED,
    REFUND_SUCCEEDED,
    REFUND_UNKNOWN,
)
from ..payments.provider import RefundOutcome, RefundResult
from . import order_events, order_life_mail
from .order_events import SHOP
from .order_rows import LOCK_ORDER, set_status

log = logging.getLogger("storefront.services.refunds")

REFUNDS = Refund.__table__
REFUND_LINES = RefundLine.__table__
LINES = OrderLine.__table__
ORDERS = Order.__table__

# Everything asked for and not refused: what is promised back, settled or not.
COMMITTED = select(func.coalesce(func.sum(REFUNDS.c.amount_cents), 0)).where(
    REFUNDS.c.order_id == bindparam("order_id"), REFUNDS.c.status != REFUND_REFUSED
)
SUCCEEDED_SUM = select(func.coalesce(func.sum(REFUNDS.c.amount_cents), 0)).where(
    REFUNDS.c.order_id == bindparam("order_id"), REFUNDS.c.status == REFUND_SUCCEEDED
)
LAST_NUMBER = select(func.coalesce(func.max(REFUNDS.c.number), 0)).where(
    REFUNDS.c.order_id == bindparam("order_id")
)
NEW_REFUND = insert(REFUNDS).returning(REFUNDS.c.id)
NEW_REFUND_LINE = insert(REFUND_LINES)
ORDER_LINES = (
    select(
        LINES.c.id,
        LINES.c.product_id,
        LINES.c.name,
        LINES.c.unit_price_cents,
        LINES.c.quantity,
        LINES.c.refunded_quantity,
        LINES.c.returned_quantity,
        LINES.c.line_total_cents,
        LINES.c.discount_cents,
    )
    .where(LINES.c.order_id == bindparam("order_id"))
    .order_by(LINES.c.product_id)
)
LINE_REFUNDED = (
    update(LINES)
    .where(LINES.c.id == bindparam("line_id"))
    .values(
        refunded_quantity=LINES.c.refunded_quantity + bindparam("refunded"),
        returned_quantity=LINES.c.returned_quantity + bindparam("returned"),
    )
)
_LINE_RELEASED = (
    update(LINES)
    .where(LINES.c.id == bindparam("line_id"))
    .values(refunded_quantity=LINES.c.refunded_quantity - bindparam("quantity"))
)
_REFUND_LINES = select(REFUND_LINES.c.order_line_id, REFUND_LINES.c.quantity).where(
    REFUND_LINES.c.refund_id == bindparam("refund_id")
)
# An outcome is written only over an open refund: a late answer never undoes a settled one.
_OUTCOME = update(REFUNDS).where(
    REFUNDS.c.id == bindparam("refund_id"), REFUNDS.c.status.in_(REFUND_OPEN)
)
OPEN_REFUNDS = (
    select(
        REFUNDS.c.id,
        REFUNDS.c.order_id,
        REFUNDS.c.idempotency_key,
        REFUNDS.c.payment_id,
        REFUNDS.c.amount_cents,
        REFUNDS.c.status,
        REFUNDS.c.claimed_at,
    )
    .where(REFUNDS.c.status.in_(REFUND_OPEN))
    .order_by(REFUNDS.c.id)
)
ORDER_NUMBER = select(ORDERS.c.number).where(ORDERS.c.id == bindparam("order_id"))
RECLAIM = update(REFUNDS).where(
    REFUNDS.c.id == bindparam("refund_id"),
    REFUNDS.c.status == bindparam("was_status"),
    REFUNDS.c.claimed_at == bindparam("was_claimed_at"),
)


@dataclass(frozen=True)
class RefundClaim:
    """A refund recorded and claimed: what the call to the provider needs."""

    refund_id: int
    order_id: uuid.UUID
    order_number: str
    key: str
    payment_id: str
    amount_cents: int


def record(connection: Connection, claim: RefundClaim, result: RefundResult) -> str | None:
    """Write down what the provider said (order row first); the refund's new status.

    None when it was settled before (a late or second answer changes nothing).
    """
    order = connection.execute(LOCK_ORDER, {"order_id": claim.order_id}).first()
    assert order is not None
    status = {
        RefundOutcome.REFUNDED: REFUND_SUCCEEDED,
        RefundOutcome.REFUSED: REFUND_REFUSED,
    }.get(result.outcome, REFUND_UNKNOWN)
    changed = connection.execute(
        _OUTCOME,
        {
            "refund_id": claim.refund_id,
            "status": status,
            "provider_refund_id": result.refund_id,
            "error": result.error,
            "settled_at": utcnow() if status != REFUND_UNKNOWN else None,
        },
    ).rowcount
    if not changed:
        return None  # settled by someone else meanwhile: their record stands
    log.info(
        "refund outcome order=%s refund=%s outcome=%s provider_refund=%s",
        claim.order_id,
        claim.key,
        result.outcome.value,
        result.refund_id or "-",
    )
    if status == REFUND_SUCCEEDED:
        order_life_mail.queue_refund(
            connection, claim.order_id, claim.key, claim.amount_cents, None
        )
        refunded = connection.execute(SUCCEEDED_SUM, {"order_id": claim.order_id}).scalar_one()
        full = order.status in (SHIPPED, DELIVERED) and refunded >= order.total_cents
        if full:
            set_status(connection, order, REFUNDED, {})
        order_events.record(
            connection,
            claim.order_id,
            "refunded",
            SHOP,
            from_status=order.status if full else None,
            to_status=REFUNDED if full else None,
            amount_cents=claim.amount_cents,
            note=f"Refund {result.refund_id}",
        )
    elif status == REFUND_REFUSED:
        for line_id, quantity in connection.execute(_REFUND_LINES, {"refund_id": claim.refund_id}):
            connection.execute(_LINE_RELEASED, {"line_id": line_id, "quantity": quantity})
        order_events.record(
            connection,
            claim.order_id,
            "refund_refused",
            SHOP,
            amount_cents=claim.amount_cents,
            note=result.error,
        )
    return status


def new_refund_values(
    claim_number: int, order_id: uuid.UUID, payment_id: str, amount_cents: int, **more: object
) -> dict[str, object]:
    """The columns of a refund about to be asked for (in flight from now)."""
    now = utcnow()
    return {
        "order_id": order_id,
        "number": claim_number,
        "idempotency_key": f"{order_id}-r{claim_number}",
        "status": REFUND_IN_FLIGHT,
        "amount_cents": amount_cents,
        "payment_id": payment_id,
        "created_at": now,
        "claimed_at": now,
        **more,
    }

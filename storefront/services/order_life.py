"""Changing an order's status: ship, deliver, cancel, expire (SPEC 8).

Each change runs in one write transaction: the order row locked first, the change checked
against ``order_states``, the order and its stock changed, an order event written. Stock
comes back exactly once: cancelling moves each line's ``returned_quantity`` up to what was
sold and puts only the difference back, under the order's lock. Cancelling a paid order
gives the money back through ``refunds`` after the commit.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import Connection, bindparam, select, update

from ..database import write_transaction
from ..models import OrderLine, PaymentAttempt
from ..models.base import utcnow
from ..models.orders import CANCELLED, IN_FLIGHT, PAID, PENDING_PAYMENT, UNKNOWN
from ..rules import CARRIER_MAX_LENGTH, REASON_MAX_LENGTH, TRACKING_MAX_LENGTH
from . import order_events, order_life_mail, order_rows, order_states, refunds, voucher_uses
from .errors import Conflict, InvalidInput
from .order_events import SHOP, Actor
from .order_rows import OrderNotFound, lock_order, set_status

__all__ = ["Actor", "OrderNotFound", "PaymentStillOpen", "cancel", "deliver", "expire", "ship"]

log = logging.getLogger(__name__)

LINES = OrderLine.__table__
ATTEMPTS = PaymentAttempt.__table__

_OPEN_ATTEMPTS = select(ATTEMPTS.c.id).where(
    ATTEMPTS.c.order_id == bindparam("order_id"), ATTEMPTS.c.status.in_((IN_FLIGHT, UNKNOWN))
)
_UNRETURNED = (
    select(LINES.c.id, LINES.c.product_id, LINES.c.quantity - LINES.c.returned_quantity)
    .where(LINES.c.order_id == bindparam("order_id"), LINES.c.returned_quantity < LINES.c.quantity)
    .order_by(LINES.c.product_id)
)
_LINE_RETURNED = (
    update(LINES)
    .where(LINES.c.id == bindparam("line_id"))
    .values(returned_quantity=LINES.c.quantity)
)


class PaymentStillOpen(Conflict):
    def __init__(self, number: str) -> None:
        super().__init__(
            f"A payment for order {number} is still in progress, so it cannot be cancelled "
            "yet. Try again in a few minutes."
        )


def ship(order_id: uuid.UUID, actor: Actor, carrier: str, tracking_number: str) -> str:
    """Mark a paid order as shipped with its carrier and tracking number; its number."""
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    problems = {}
    if not 1 <= len(carrier) <= CARRIER_MAX_LENGTH:
        problems["carrier"] = f"Carrier must be 1 to {CARRIER_MAX_LENGTH} characters."
    if not 1 <= len(tracking_number) <= TRACKING_MAX_LENGTH:
        problems["tracking_number"] = (
            f"Tracking number must be 1 to {TRACKING_MAX_LENGTH} characters."
        )
    if problems:
        raise InvalidInput(problems)
    values = {"shipped_at": utcnow(), "carrier": carrier, "tracking_number": tracking_number}
    note = f"{carrier}, tracking number {tracking_number}"
    return _move(order_id, actor, order_states.SHIP, "shipped", values, note)


def deliver(order_id: uuid.UUID, actor: Actor) -> str:
    """Mark a shipped order as delivered; its number."""
    return _move(order_id, actor, order_states.DELIVER, "delivered", {"delivered_at": utcnow()})


def _move(
    order_id: uuid.UUID,
    actor: Actor,
    action: str,
    kind: str,
    values: dict[str, object],
    note: str | None = None,
) -> str:
    with write_transaction() as session:
        connection = session.connection()
        order = lock_order(connection, order_id, actor)
        target = order_states.check(action, order.number, order.status)
        set_status(connection, order, target, values)
        order_events.record(
            connection,
            order_id,
            kind,
            actor,
            from_status=order.status,
            to_status=target,
            note=note,
        )
        if target == "shipped":
            order_life_mail.queue_shipped(connection, order_id)
    log.info("order %s order=%s by=%s", kind, order_id, actor.name)
    return str(order.number)


def cancel(order_id: uuid.UUID, actor: Actor, reason: str = "") -> refunds.RefundReport | None:
    """Cancel an unpaid or paid, unshipped order: stock back once, a paid one refunded in full.

    The refund's outcome, when the order was paid (it may be left pending for a retry).
    """
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput({"reason": f"Reason must be at most {REASON_MAX_LENGTH} characters."})
    with write_transaction() as session:
        connection = session.connection()
        order = lock_order(connection, order_id, actor)
        target = order_states.check(order_states.CANCEL, order.number, order.status)
        if order.status == PENDING_PAYMENT and _payment_open(connection, order_id):
            raise PaymentStillOpen(order.number)
        set_status(connection, order, target, {"cancelled_at": utcnow()})
        order_events.record(
            connection,
            order_id,
            "cancelled",
            actor,
            from_status=order.status,
            to_status=target,
            note=reason or None,
        )
        _return_stock(connection, order_id, actor)
        if order.status == PENDING_PAYMENT:
            voucher_uses.release(connection, order_id)  # an unpaid order gives its use back
        claim = None
        if order.status == PAID:
            claim = refunds.claim_everything(connection, order, actor, reason or "Cancelled")
    log.info("order cancelled order=%s by=%s", order_id, actor.name)
    return refunds.send(claim) if claim is not None else None


def expire(order_id: uuid.UUID) -> bool:
    """Cancel an order left unpaid (nothing in flight), its stock back once; False if not due."""
    with write_transaction() as session:
        connection = session.connection()
        order = connection.execute(order_rows.LOCK_ORDER, {"order_id": order_id}).first()
        if order is None or not order_states.allowed(order_states.EXPIRE, order.status):
            return False
        if _payment_open(connection, order_id):
            return False  # its outcome is still open: never cancel money that may have arrived
        set_status(connection, order, CANCELLED, {"cancelled_at": utcnow()})
        order_events.record(
            connection, order_id, "expired", SHOP, from_status=order.status, to_status=CANCELLED
        )
        _return_stock(connection, order_id, SHOP, event=False)
        voucher_uses.release(connection, order_id)  # and its voucher's use, once
    log.info("order cancelled unpaid order=%s", order_id)
    return True


def _payment_open(connection: Connection, order_id: uuid.UUID) -> bool:
    return connection.execute(_OPEN_ATTEMPTS, {"order_id": order_id}).first() is not None


def _return_stock(
    connection: Connection, order_id: uuid.UUID, actor: Actor, *, event: bool = True
) -> int:
    """Put back every unit not yet returned (products in id order); how many."""
    back = 0
    for line_id, product_id, quantity in connection.execute(
        _UNRETURNED, {"order_id": order_id}
    ).all():
        connection.execute(order_rows.RESTOCK, {"product_id": product_id, "quantity": quantity})
        connection.execute(_LINE_RETURNED, {"line_id": line_id})
        back += quantity
    if back and event:
        order_events.record(connection, order_id, "returned", actor, note=f"{back} units")
    return back

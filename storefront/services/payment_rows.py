"""The statements that read and write an order's payment state, and recording an outcome.

Shared by paying (``payments``) and by settling unknown outcomes (``unpaid_orders``).
Built once, run with bound parameters. Rows are always locked order first, then attempt.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import Connection, bindparam, insert, select, update

from ..models import Order, PaymentAttempt
from ..models.base import utcnow
from ..models.orders import (
    ATTEMPT_PAID,
    CANCELLED,
    DECLINED,
    NOT_CHARGED,
    PAID,
    PENDING_PAYMENT,
    UNKNOWN,
)
from ..payments.provider import ChargeResult, Outcome
from . import order_events
from .order_events import SHOP
from .order_mail import queue_confirmation

log = logging.getLogger("storefront.services.payments")

ORDERS = Order.__table__
ATTEMPTS = PaymentAttempt.__table__
# What each outcome leaves an attempt as.
ATTEMPT_STATUS = {
    Outcome.PAID: ATTEMPT_PAID,
    Outcome.DECLINED: DECLINED,
    Outcome.NOT_FOUND: NOT_CHARGED,
    Outcome.UNKNOWN: UNKNOWN,
}


def in_flight_limit() -> timedelta:
    """How long a claimed attempt may stay in flight before it counts as abandoned."""
    return timedelta(seconds=float(current_app.config["PAYMENT_IN_FLIGHT_SECONDS"]))


LOCK_ORDER = (
    select(ORDERS.c.user_id, ORDERS.c.status, ORDERS.c.number)
    .where(ORDERS.c.id == bindparam("order_id"))
    .with_for_update()
)
LATEST_ATTEMPT = (
    select(
        ATTEMPTS.c.id,
        ATTEMPTS.c.number,
        ATTEMPTS.c.idempotency_key,
        ATTEMPTS.c.status,
        ATTEMPTS.c.amount_cents,
        ATTEMPTS.c.claimed_at,
    )
    .where(ATTEMPTS.c.order_id == bindparam("order_id"))
    .order_by(ATTEMPTS.c.number.desc())
    .limit(1)
)
NEW_ATTEMPT = insert(ATTEMPTS).returning(ATTEMPTS.c.id)
RECLAIM = update(ATTEMPTS).where(ATTEMPTS.c.id == bindparam("attempt_id"))
ORDER_CARD = update(ORDERS).where(ORDERS.c.id == bindparam("order_id"))
MARK_PAID = update(ORDERS).where(
    ORDERS.c.id == bindparam("order_id"), ORDERS.c.status == PENDING_PAYMENT
)
ORDER_STATUS = select(ORDERS.c.status).where(ORDERS.c.id == bindparam("order_id"))
# An outcome never overwrites a paid attempt: a late, lost answer cannot undo money taken.
ATTEMPT_OUTCOME = update(ATTEMPTS).where(
    ATTEMPTS.c.id == bindparam("attempt_id"), ATTEMPTS.c.status != ATTEMPT_PAID
)


def record(
    connection: Connection, order_id: uuid.UUID, attempt_id: int, result: ChargeResult
) -> None:
    """Write down what the provider said about one attempt (order row first, then attempt).

    An order paid by this outcome gets its confirmation e-mail queued in the same transaction.
    """
    if result.outcome is Outcome.PAID:
        marked = connection.execute(
            MARK_PAID,
            {
                "order_id": order_id,
                "status": PAID,
                "payment_id": result.payment_id,
                "paid_at": utcnow(),
            },
        ).rowcount
        if marked:
            order_events.record(
                connection, order_id, "paid", SHOP, from_status=PENDING_PAYMENT, to_status=PAID
            )
            queue_confirmation(connection, order_id)  # paid now: tell the customer, once
        else:
            status = connection.execute(ORDER_STATUS, {"order_id": order_id}).scalar()
            if status == CANCELLED:
                # Cannot happen while cancelling waits for open attempts; if it ever
                # does, the stock has gone back on sale, so the money must go back too.
                log.error("payment for a cancelled order: refund it order=%s", order_id)
    connection.execute(
        ATTEMPT_OUTCOME,
        {
            "attempt_id": attempt_id,
            "status": ATTEMPT_STATUS[result.outcome],
            "payment_id": result.payment_id,
            "error": result.error,
        },
    )
    log.info(
        "payment outcome order=%s attempt=%s outcome=%s payment=%s",
        order_id,
        attempt_id,
        result.outcome.value,
        result.payment_id or "-",
    )

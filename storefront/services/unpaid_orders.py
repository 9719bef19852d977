"""Orders left unpaid: cancelled after ORDER_PAYMENT_TTL_MINUTES, their stock (and voucher use)
returned once."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db, payment_gateway
from ..models import Order, Product
from ..models.base import utcnow
from ..models.orders import IN_FLIGHT, PAID, PENDING_PAYMENT, UNKNOWN
from ..payments.provider import Outcome, PaymentProvider
from . import order_life
from . import payment_rows as rows

log = logging.getLogger(__name__)

ORDERS = Order.__table__
PRODUCTS = Product.__table__


def settle(order_id: uuid.UUID, provider: PaymentProvider | None = None) -> str | None:
    """Ask the provider about an attempt whose outcome we never learned; the order's status.

    None when the provider cannot tell yet.
    """
    connection = db.session.connection()
    status = connection.execute(rows.ORDER_STATUS, {"order_id": order_id}).scalar()
    latest = connection.execute(rows.LATEST_ATTEMPT, {"order_id": order_id}).first()
    db.session.rollback()  # hold no transaction across the call
    if status is None or latest is None:
        return status
    stale = utcnow() - latest.claimed_at >= rows.in_flight_limit()
    if latest.status not in (UNKNOWN, IN_FLIGHT) or (latest.status == IN_FLIGHT and not stale):
        return status
    result = (provider or payment_gateway.provider).lookup(latest.idempotency_key)
    if result.outcome is Outcome.UNKNOWN:
        return None  # cannot tell yet: leave it for the next run
    with write_transaction() as session:
        connection = session.connection()
        connection.execute(rows.LOCK_ORDER, {"order_id": order_id})
        now = connection.execute(rows.LATEST_ATTEMPT, {"order_id": order_id}).first()
        if now is not None and now.id == latest.id and now.status == latest.status:
            rows.record(connection, order_id, latest.id, result)  # nobody settled it meanwhile
        return connection.execute(rows.ORDER_STATUS, {"order_id": order_id}).scalar()


def expire_unpaid(
    provider: PaymentProvider | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Cancel orders unpaid for ORDER_PAYMENT_TTL_MINUTES and return their stock.

    Attempts of unknown outcome are settled first, so an order whose money
    arrived is marked paid, never cancelled. Safe to run concurrently.
    """
    ttl = timedelta(minutes=float(current_app.config["ORDER_PAYMENT_TTL_MINUTES"]))
    cutoff = (now or utcnow()) - ttl
    due = list(
        db.session.scalars(
            select(Order.id).where(Order.status == PENDING_PAYMENT, Order.created_at <= cutoff)
        )
    )
    counts = {"cancelled": 0, "paid": 0, "left": 0}
    for order_id in due:
        db.session.rollback()
        status = settle(order_id, provider)
        if status is None:
            counts["left"] += 1
        elif status == PAID:
            counts["paid"] += 1
        elif _cancel(order_id):
            counts["cancelled"] += 1
        else:
            counts["left"] += 1
    return counts


def _cancel(order_id: uuid.UUID) -> bool:
    """Cancel a still-pending order with nothing in flight, returning its stock once."""
    return order_life.expire(order_id)

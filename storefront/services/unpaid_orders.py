"""Orders left unpaid: cancelled after ORDER_PAYMENT_TTL_MINUTES, their stock (and voucher use)
returned once."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update

from ..database import write_transaction
from ..extensions import db, payment_gateway
from ..models import Order, OrderLine, PaymentAttempt, Product
from ..models.base import utcnow
from ..models.orders import CANCELLED, IN_FLIGHT, PAID, PENDING_PAYMENT, UNKNOWN
from ..payments.provider import Outcome, PaymentProvider
from . import payment_rows as rows
from . import voucher_uses

log = logging.getLogger(__name__)

ORDERS = Order.__table__
PRODUCTS = Product.__table__

_LOCK = select(ORDERS.c.status).where(ORDERS.c.id == bindparam("order_id")).with_for_update()
_CANCEL = (
    update(ORDERS)
    .where(ORDERS.c.id == bindparam("order_id"), ORDERS.c.status == PENDING_PAYMENT)
    .values(status=CANCELLED, cancelled_at=bindparam("now"))
)
_OPEN_ATTEMPTS = select(PaymentAttempt.__table__.c.id).where(
    PaymentAttempt.__table__.c.order_id == bindparam("order_id"),
    PaymentAttempt.__table__.c.status.in_((IN_FLIGHT, UNKNOWN)),
)
_LINES = (
    select(OrderLine.__table__.c.product_id, OrderLine.__table__.c.quantity)
    .where(OrderLine.__table__.c.order_id == bindparam("order_id"))
    .order_by(OrderLine.__table__.c.product_id)
)
_RESTOCK = (
    update(PRODUCTS)
    .where(PRODUCTS.c.id == bindparam("product_id"))
    .values(stock=PRODUCTS.c.stock + bindparam("quantity"))
)


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
    with write_transaction() as session:
        connection = session.connection()
        params = {"order_id": order_id}
        if connection.execute(_LOCK, params).scalar() != PENDING_PAYMENT:
            return False
        if connection.execute(_OPEN_ATTEMPTS, params).first() is not None:
            return False  # its outcome is still open: never cancel money that may have arrived
        if connection.execute(_CANCEL, {**params, "now": utcnow()}).rowcount != 1:
            return False
        for product_id, quantity in connection.execute(_LINES, params).all():
            connection.execute(_RESTOCK, {"product_id": product_id, "quantity": quantity})
        voucher_uses.release(connection, order_id)  # the voucher's use comes back too
    log.info("order cancelled unpaid order=%s", order_id)
    return True

"""The e-mails of an order's life: shipped, and each refund, queued in the changing transaction.

Keys make each message once: ``order-shipped:<order id>`` and ``order-refund:<refund key>``.
A customer without an e-mail address gets none.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select

from ..models import Order, User
from .outbox import queue_mail

ORDERS = Order.__table__
USERS = User.__table__

_BUYER = (
    select(
        ORDERS.c.number,
        ORDERS.c.card_last4,
        ORDERS.c.carrier,
        ORDERS.c.tracking_number,
        ORDERS.c.status,
        USERS.c.email,
        USERS.c.name,
        USERS.c.username,
    )
    .join(USERS, USERS.c.id == ORDERS.c.user_id)
    .where(ORDERS.c.id == bindparam("order_id"))
)


def _buyer(connection: Connection, order_id: uuid.UUID) -> Row[Any] | None:
    row = connection.execute(_BUYER, {"order_id": order_id}).first()
    return row if row is not None and row.email else None


def queue_shipped(connection: Connection, order_id: uuid.UUID) -> None:
    """Queue "your order is on its way" with the carrier and tracking number (once per order)."""
    order = _buyer(connection, order_id)
    if order is None:
        return
    queue_mail(
        connection,
        template="order-shipped",
        to=order.email,
        key=f"order-shipped:{order_id}",
        context={
            "name": order.name or order.username,
            "number": order.number,
            "carrier": order.carrier,
            "tracking_number": order.tracking_number,
            "order_path": f"/orders/{order_id}",
        },
    )


def queue_refund(
    connection: Connection,
    order_id: uuid.UUID,
    refund_key: str,
    amount_cents: int,
    reason: str | None,
) -> None:
    """Queue "we have refunded ..." for a refund the provider confirmed (once per refund)."""
    order = _buyer(connection, order_id)
    if order is None:
        return
    queue_mail(
        connection,
        template="order-refund",
        to=order.email,
        key=f"order-refund:{refund_key}",
        context={
            "name": order.name or order.username,
            "number": order.number,
            "amount_cents": amount_cents,
            "card_last4": order.card_last4,
            "reason": reason,
            "cancelled": order.status == "cancelled",
            "order_path": f"/orders/{order_id}",
        },
    )

"""The e-mails about an order, queued in the transaction that changes it."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, bindparam, select

from ..models import Order, OrderLine, User
from .outbox import queue_mail

ORDERS = Order.__table__
LINES = OrderLine.__table__
USERS = User.__table__

_ORDER_AND_BUYER = (
    select(
        ORDERS.c.number,
        ORDERS.c.total_cents,
        ORDERS.c.card_last4,
        ORDERS.c.currency,
        ORDERS.c.voucher_code,
        ORDERS.c.discount_cents,
        ORDERS.c.shipping_method,
        ORDERS.c.shipping_cents,
        USERS.c.email,
        USERS.c.name,
        USERS.c.username,
    )
    .join(USERS, USERS.c.id == ORDERS.c.user_id)
    .where(ORDERS.c.id == bindparam("order_id"))
)
_LINES = (
    select(
        LINES.c.name,
        LINES.c.quantity,
        LINES.c.unit_price_cents,
        LINES.c.line_total_cents,
        LINES.c.discount_cents,
    )
    .where(LINES.c.order_id == bindparam("order_id"))
    .order_by(LINES.c.id)
)


def queue_confirmation(connection: Connection, order_id: uuid.UUID) -> None:
    """Queue "your order is confirmed" for an order that has just been paid (once per order).

    A customer without an e-mail address gets none.
    """
    order = connection.execute(_ORDER_AND_BUYER, {"order_id": order_id}).first()
    if order is None or not order.email:
        return
    lines = connection.execute(_LINES, {"order_id": order_id}).all()
    queue_mail(
        connection,
        template="order-confirmation",
        to=order.email,
        key=f"order-confirmation:{order_id}",
        context={
            "name": order.name or order.username,
            "number": order.number,
            "total_cents": order.total_cents,
            "currency": order.currency,
            "voucher_code": order.voucher_code,
            "discount_cents": order.discount_cents,
            "shipping_method": order.shipping_method,
            "shipping_cents": order.shipping_cents,
            "card_last4": order.card_last4,
            "order_path": f"/orders/{order_id}",
            "lines": [
                {
                    "name": line.name,
                    "quantity": line.quantity,
                    "unit_price_cents": line.unit_price_cents,
                    "line_total_cents": line.line_total_cents,  # before the discount
                    "discount_cents": line.discount_cents,
                }
                for line in lines
            ],
        },
    )

"""The statements every change to an order shares: its row locked, its status moved, stock back.

Rows are always locked order first, then its payment attempts or refunds, then products in
id order.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select, update

from ..models import Order, Product
from .errors import Conflict, NotFound
from .order_events import Actor

ORDERS = Order.__table__
PRODUCTS = Product.__table__

LOCK_ORDER = (
    select(
        ORDERS.c.id,
        ORDERS.c.number,
        ORDERS.c.user_id,
        ORDERS.c.status,
        ORDERS.c.total_cents,
        ORDERS.c.currency,
        ORDERS.c.payment_id,
    )
    .where(ORDERS.c.id == bindparam("order_id"))
    .with_for_update()
)
_SET_STATUS = update(ORDERS).where(
    ORDERS.c.id == bindparam("order_id"), ORDERS.c.status == bindparam("from_status")
)
RESTOCK = (
    update(PRODUCTS)
    .where(PRODUCTS.c.id == bindparam("product_id"))
    .values(stock=PRODUCTS.c.stock + bindparam("quantity"))
)


class OrderNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such order.")


def lock_order(connection: Connection, order_id: uuid.UUID, actor: Actor) -> Row[Any]:
    """The order's row, locked; a customer reaches only their own orders (others: not found)."""
    row = connection.execute(LOCK_ORDER, {"order_id": order_id}).first()
    if row is None or (not actor.is_admin and row.user_id != actor.id):
        raise OrderNotFound()
    return row


def set_status(
    connection: Connection, order: Row[Any], target: str, values: dict[str, object]
) -> None:
    """Move the locked order from its status to ``target``, with other columns ``values``."""
    changed = connection.execute(
        _SET_STATUS,
        {"order_id": order.id, "from_status": order.status, "status": target, **values},
    ).rowcount
    if changed != 1:  # cannot happen under the lock; never half-change an order
        raise Conflict("The order changed meanwhile. Please look at it again.")

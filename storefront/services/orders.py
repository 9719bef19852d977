"""Reading orders: a customer's own, newest first; everyone's, for admins."""

from __future__ import annotations

import uuid

from sqlalchemy import select, true
from sqlalchemy.orm import lazyload

from ..extensions import db
from ..models import Order
from .pages import page_of

NEWEST_FIRST = (Order.created_at.desc(), Order.id)


def list_orders(user_id: uuid.UUID, page: int = 1, per_page: int = 20) -> tuple[list[Order], int]:
    """One page of the user's orders, newest first, and how many there are in all."""
    return page_of(Order, Order.user_id == user_id, NEWEST_FIRST, page, per_page)


def orders_page(user_id: uuid.UUID, page: int = 1, per_page: int = 20) -> tuple[list[Order], bool]:
    """One page of the user's orders, newest first, and whether another page follows.

    One statement: no count, and the orders' lines and payment attempts are not loaded.
    """
    statement = (
        select(Order)
        .where(Order.user_id == user_id)
        .order_by(*NEWEST_FIRST)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page + 1)
        .options(lazyload(Order.lines), lazyload(Order.attempts), lazyload(Order.user))
    )
    found = list(db.session.scalars(statement))
    return found[:per_page], len(found) > per_page


def order_with_lines(order_id: uuid.UUID, user_id: uuid.UUID) -> Order | None:
    """The user's order with its lines (its payment attempts only when asked for), or None."""
    return db.session.scalar(
        select(Order)
        .where(Order.id == order_id, Order.user_id == user_id)
        .options(lazyload(Order.attempts), lazyload(Order.user))
    )


def get_order(order_id: uuid.UUID, user_id: uuid.UUID) -> Order | None:
    """The user's order with this id, or None (also when it is someone else's)."""
    order = db.session.get(Order, order_id)
    if order is None or order.user_id != user_id:
        return None
    return order


def all_orders(status: str | None, page: int = 1, per_page: int = 25) -> tuple[list[Order], int]:
    """One page of every customer's orders, newest first, optionally of one status."""
    condition = Order.status == status if status else true()
    return page_of(Order, condition, NEWEST_FIRST, page, per_page)


def any_order(order_id: uuid.UUID) -> Order | None:
    """Any customer's order, for the admin."""
    return db.session.get(Order, order_id)

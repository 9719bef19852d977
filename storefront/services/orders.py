"""Reading orders: a customer's own, newest first; everyone's, for admins."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, true

from ..extensions import db
from ..models import Order


def list_orders(user_id: uuid.UUID, page: int = 1, per_page: int = 20) -> tuple[list[Order], int]:
    """One page of the user's orders, newest first, and how many there are in all."""
    statement = (
        select(Order)
        .where(Order.user_id == user_id)
        .order_by(Order.created_at.desc(), Order.id)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    )
    total = db.session.scalar(select(func.count()).where(Order.user_id == user_id)) or 0
    return list(db.session.scalars(statement)), int(total)


def get_order(order_id: uuid.UUID, user_id: uuid.UUID) -> Order | None:
    """The user's order with this id, or None (also when it is someone else's)."""
    order = db.session.get(Order, order_id)
    if order is None or order.user_id != user_id:
        return None
    return order


def all_orders(status: str | None, page: int = 1, per_page: int = 20) -> tuple[list[Order], int]:
    """One page of everyone's orders (of one status, if given), newest first, and the count."""
    condition = Order.status == status if status else true()
    statement = (
        select(Order)
        .where(condition)
        .order_by(Order.created_at.desc(), Order.id)
        .offset((max(page, 1) - 1) * per_page)
        .limit(per_page)
    )
    total = db.session.scalar(select(func.count()).select_from(Order).where(condition)) or 0
    return list(db.session.scalars(statement)), int(total)

"""For the order's-life tests: paid orders bought through the real services, an admin."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import Order, Product, Refund
from storefront.payments.cards import Card
from storefront.payments.sandbox import SUCCESS_CARD
from storefront.services import accounts, buying
from storefront.services.order_events import Actor
from tests.helpers import PASSWORD

CARD = Card(name="Ada Lovelace", number=SUCCESS_CARD, expiry="1240", cvv="123")


def admin(username: str = "boss") -> Actor:
    """A new admin, as the order's services name who acts."""
    user = accounts.register(username, PASSWORD, is_admin=True)
    return Actor(user.id, user.username, True)


def customer(user: Any) -> Actor:
    return Actor(user.id, user.username, False)


def paid_order(user_id: uuid.UUID, lines: list[tuple[uuid.UUID, int]]) -> uuid.UUID:
    """An order of ``lines``, bought and paid with the success card; its id."""
    purchase = buying.buy(user_id, CARD, lines=lines)
    assert purchase.result is buying.Result.PAID, purchase
    return purchase.order.id


def status_of(order_id: uuid.UUID) -> str:
    db.session.rollback()
    return db.session.get(Order, order_id).status


def stock_of(product_id: uuid.UUID) -> int:
    db.session.rollback()
    return db.session.get(Product, product_id).stock


def refunds_of(order_id: uuid.UUID) -> list[Refund]:
    db.session.rollback()
    return list(db.session.scalars(select(Refund).where(Refund.order_id == order_id)))


def refund_count() -> int:
    db.session.rollback()
    return int(db.session.scalar(select(func.count()).select_from(Refund)) or 0)

"""Demo orders after payment: some shipped, delivered, refunded (in full and per line),
one in six cancelled by its customer; the newest stay paid, waiting to ship.

Made once (when no order has shipped yet), through the real services, by the demo admin,
so that each order's page shows its timeline.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from ..extensions import db
from ..models import Order, OrderEvent, OrderLine, User
from ..models.orders import PAID
from ..services import order_life, refunds
from ..services.errors import ServiceError
from ..services.order_events import Actor

CARRIERS = ("DHL", "UPS", "FedEx", "USPS")
WAITING = 3  # the newest paid orders are left for the admin to ship


def seed_order_life(admin_username: str) -> int:
    """Move the demo's paid orders along their life; how many were changed."""
    if db.session.scalar(select(OrderEvent.id).where(OrderEvent.kind == "shipped").limit(1)):
        return 0
    admin = db.session.scalar(select(User).where(User.username == admin_username))
    if admin is None:
        return 0
    boss = Actor(admin.id, admin.username, True)
    paid = list(
        db.session.execute(
            select(Order.id, Order.user_id).where(Order.status == PAID).order_by(Order.created_at)
        )
    )
    db.session.rollback()
    changed = 0
    for number, (order_id, user_id) in enumerate(paid[: max(len(paid) - WAITING, 0)]):
        try:
            _move(number, order_id, Actor(user_id), boss)
        except ServiceError:
            continue
        changed += 1
    return changed


def _move(number: int, order_id: uuid.UUID, buyer: Actor, boss: Actor) -> None:
    step = number % 6
    if step == 5:
        order_life.cancel(order_id, buyer, "Ordered the wrong colour")
        return
    carrier = CARRIERS[number % len(CARRIERS)]
    order_life.ship(order_id, boss, carrier, f"{carrier[:2].upper()}{100000 + number * 7919}")
    if step in (1, 2, 3):
        order_life.deliver(order_id, boss)
    if step == 2:
        line_id = db.session.scalar(
            select(OrderLine.id).where(OrderLine.order_id == order_id).order_by(OrderLine.id)
        )
        db.session.rollback()
        assert line_id is not None
        refunds.refund(order_id, boss, {line_id: 1}, returned=True, reason="Arrived damaged")
    elif step == 3:
        refunds.refund(order_id, boss, returned=True, reason="Sent back within 30 days")

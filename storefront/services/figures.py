"""The shop's running figures, counted from the database for the metrics page.

Counted where the facts are kept, so that they are right whichever process did the work
(a web worker, the warehouse consumer, a cron job) and survive restarts: orders placed
and paid, payment attempts and refunds by outcome, warehouse events applied (by outcome) and set
aside, active carts. One grouped count per table, run when the metrics are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import Cart, Order
from ..models.inventory import InventoryEvent, SetAsideEvent
from ..models.orders import PaymentAttempt
from ..models.refunds import Refund
from .stock import holding_carts


@dataclass(frozen=True)
class Figures:
    """What the shop has done so far, and what it holds now."""

    orders_placed: int
    orders_paid: int
    payment_attempts: dict[str, int] = field(default_factory=dict)
    refunds: dict[str, int] = field(default_factory=dict)
    warehouse_events: dict[str, int] = field(default_factory=dict)
    warehouse_set_aside: int = 0
    active_carts: int = 0


def read_figures() -> Figures:
    """Count every figure in one read transaction."""
    session = db.session
    placed = session.scalar(select(func.count()).select_from(Order)) or 0
    paid = session.scalar(select(func.count()).where(Order.paid_at.is_not(None))) or 0
    attempts = _grouped(PaymentAttempt.status)
    refunds = _grouped(Refund.status)
    events = _grouped(InventoryEvent.outcome)
    set_aside = session.scalar(select(func.count()).select_from(SetAsideEvent)) or 0
    carts = session.scalar(select(func.count()).select_from(Cart).where(holding_carts())) or 0
    return Figures(placed, paid, attempts, refunds, events, set_aside, carts)


def _grouped(column: Any) -> dict[str, int]:
    """How many rows there are of each value of ``column``."""
    rows = db.session.execute(select(column, func.count()).group_by(column))
    return {str(key): int(count) for key, count in rows}

"""The admin's home at a glance: waiting to ship, refunds pending, revenue, stock, removals."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, cast, func, select

from ..extensions import db
from ..models import Order, Product, Refund
from ..models.base import utcnow
from ..models.orders import PAID
from ..models.refunds import REFUND_OPEN
from . import reports

LOW_STOCK_UNITS = 5  # an active product with this many units or fewer is running low
REVENUE_DAYS = 30
LIST_LENGTH = 8
REMOVED_DAYS = 7


@dataclass(frozen=True)
class OrderItem:
    id: uuid.UUID
    number: str
    total_cents: int
    when: datetime


@dataclass(frozen=True)
class PendingRefund:
    order_id: uuid.UUID
    number: str
    amount_cents: int
    status: str
    created_at: datetime


@dataclass(frozen=True)
class LowProduct:
    id: uuid.UUID
    name: str
    stock: int


@dataclass(frozen=True)
class Glance:
    waiting_count: int
    waiting: list[OrderItem]
    refunds_count: int
    refunds: list[PendingRefund]
    revenue: list[tuple[date, int]]  # every day of the window, oldest first, in cents
    low_stock: list[LowProduct]
    removed: list[reports.RemovedRow]


def at_a_glance(now: datetime | None = None) -> Glance:
    """Everything the admin's home shows, read in a handful of statements."""
    now = now or utcnow()
    session = db.session
    waiting = session.execute(
        select(Order.id, Order.number, Order.total_cents, Order.paid_at)
        .where(Order.status == PAID)
        .order_by(Order.paid_at, Order.id)
        .limit(LIST_LENGTH)
    ).all()
    pending = session.execute(
        select(Refund.order_id, Order.number, Refund.amount_cents, Refund.status, Refund.created_at)
        .join(Order, Order.id == Refund.order_id)
        .where(Refund.status.in_(REFUND_OPEN))
        .order_by(Refund.created_at)
        .limit(LIST_LENGTH)
    ).all()
    low = session.execute(
        select(Product.id, Product.name, Product.stock)
        .where(Product.active.is_(True), Product.stock <= LOW_STOCK_UNITS)
        .order_by(Product.stock, Product.name)
        .limit(LIST_LENGTH)
    ).all()
    return Glance(
        waiting_count=_count(Order.status == PAID, Order),
        waiting=[OrderItem(*row) for row in waiting],
        refunds_count=_count(Refund.status.in_(REFUND_OPEN), Refund),
        refunds=[PendingRefund(*row) for row in pending],
        revenue=revenue_per_day(now),
        low_stock=[LowProduct(*row) for row in low],
        removed=reports.removed_items(now - timedelta(days=REMOVED_DAYS), now)[:LIST_LENGTH],
    )


def _count(condition: object, model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model).where(condition)) or 0)


def revenue_per_day(now: datetime, days: int = REVENUE_DAYS) -> list[tuple[date, int]]:
    """Money taken per day (UTC) for the last ``days`` days, today included; 0 on quiet days."""
    first = (now - timedelta(days=days - 1)).date()
    since = datetime.combine(first, datetime.min.time(), tzinfo=now.tzinfo)
    if db.engine.dialect.name == "postgresql":
        day = cast(func.timezone("UTC", Order.paid_at), Date)
    else:
        day = func.date(Order.paid_at)
    totals = {
        str(when): int(cents)
        for when, cents in db.session.execute(
            select(day, func.sum(Order.total_cents))
            .where(Order.paid_at.is_not(None), Order.paid_at >= since)
            .group_by(day)
        )
    }
    return [
        (first + timedelta(days=offset), totals.get(str(first + timedelta(days=offset)), 0))
        for offset in range(days)
    ]

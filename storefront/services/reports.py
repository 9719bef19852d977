"""What the sales team reads: items put in a basket and taken out again, and what sold."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import astuple, dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, case, distinct, func, select

from ..extensions import db
from ..models import Cart, CartEvent, CartLine, Order, OrderLine, Product
from ..models.base import utcnow
from ..models.carts import ACTIVE, CART_DELETED, CHECKED_OUT, MERGE_CAP, REMOVE, SET
from ..models.orders import DELIVERED, PAID, SHIPPED
from . import stock

# Events in which a shopper took units out of a basket. Units moving from a
# guest cart into the user's cart at login are not a removal; a merge cap is.
REMOVAL_KINDS = (SET, REMOVE, MERGE_CAP, CART_DELETED)
REPORT_SORTS = {
    "times": "Times removed",
    "quantity": "Quantity removed",
    "carts": "Distinct carts",
    "checked_out": "Checked out anyway",
    "open": "Still open",
    "name": "Product",
}
DEFAULT_DAYS = 30
# Orders whose goods are sold: paid, and on their way or delivered since.
SOLD_STATUSES = (PAID, SHIPPED, DELIVERED)


@dataclass(frozen=True)
class RemovedRow:
    product_id: uuid.UUID
    product: str
    times_removed: int
    quantity_removed: int
    distinct_carts: int
    checked_out_anyway: int
    still_open: int


CSV_HEADER = [field.name for field in fields(RemovedRow)]


def day_start(day: date) -> datetime:
    """The first moment of ``day``, in UTC."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def day_end(day: date) -> datetime:
    """The moment after ``day`` (the last day there is ends at the last moment there is)."""
    if day == date.max:
        return datetime.max.replace(tzinfo=UTC)
    return day_start(day + timedelta(days=1))


def default_range(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The last 30 days, up to now."""
    now = now or utcnow()
    return now - timedelta(days=DEFAULT_DAYS), now


def removed_items(since: datetime, until: datetime, sort: str = "times") -> list[RemovedRow]:
    """Per product: how often and how much was taken out of carts between the two times."""
    removals = (
        select(CartEvent.product_id, CartEvent.cart_id, CartEvent.delta)
        .where(
            CartEvent.kind.in_(REMOVAL_KINDS),
            CartEvent.delta < 0,
            CartEvent.created_at >= since,
            CartEvent.created_at < until,
        )
        .subquery()
    )
    still_open = and_(Cart.status == ACTIVE, Cart.updated_at > stock.fresh_since())
    statement = (
        select(
            removals.c.product_id,
            Product.name,
            func.count().label("times"),
            func.sum(-removals.c.delta).label("quantity"),
            func.count(distinct(removals.c.cart_id)).label("carts"),
            func.count(distinct(case((Cart.status == CHECKED_OUT, Cart.id)))).label("checked"),
            func.count(distinct(case((still_open, Cart.id)))).label("open"),
        )
        .join(Product, Product.id == removals.c.product_id)
        .join(Cart, Cart.id == removals.c.cart_id)
        .group_by(removals.c.product_id, Product.name)
    )
    rows = [
        RemovedRow(row[0], row[1], int(row[2]), int(row[3]), int(row[4]), int(row[5]), int(row[6]))
        for row in db.session.execute(statement)
    ]
    key = {
        "times": lambda row: (-row.times_removed, -row.quantity_removed, row.product),
        "quantity": lambda row: (-row.quantity_removed, -row.times_removed, row.product),
        "carts": lambda row: (-row.distinct_carts, row.product),
        "checked_out": lambda row: (-row.checked_out_anyway, row.product),
        "open": lambda row: (-row.still_open, row.product),
        "name": lambda row: (row.product.lower(), str(row.product_id)),
    }.get(sort)
    return sorted(rows, key=key or (lambda row: (-row.times_removed, row.product)))


def removed_items_csv(rows: list[RemovedRow]) -> str:
    """The report's rows as CSV text, with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        values = list(astuple(row))
        values[1] = _safe_cell(values[1])
        writer.writerow(values)
    return buffer.getvalue()


def _safe_cell(text: str) -> str:
    """Keep a spreadsheet from reading a name as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@dataclass(frozen=True)
class Quantity:
    product_id: uuid.UUID
    product: str
    quantity: int


def reserved_by_product(user_id: uuid.UUID | None = None) -> list[Quantity]:
    """Units held by active carts (``user_id``'s only, when given), per product, most first.

    Only products whose stock is tracked: a cart line of an untracked one reserves nothing.
    """
    statement = (
        select(CartLine.product_id, Product.name, func.sum(CartLine.quantity))
        .join(Cart, Cart.id == CartLine.cart_id)
        .join(Product, Product.id == CartLine.product_id)
        .where(stock.holding_carts(), Product.track_stock.is_(True))
        .group_by(CartLine.product_id, Product.name)
        .order_by(func.sum(CartLine.quantity).desc(), Product.name)
    )
    if user_id is not None:
        statement = statement.where(Cart.user_id == user_id)
    return [Quantity(row[0], row[1], int(row[2])) for row in db.session.execute(statement)]


def sold_by_product(user_id: uuid.UUID | None = None) -> list[Quantity]:
    """Units sold in paid orders, shipped or delivered since (to ``user_id`` only, when given),
    per product, most first."""
    statement = (
        select(OrderLine.product_id, Product.name, func.sum(OrderLine.quantity))
        .join(Order, Order.id == OrderLine.order_id)
        .join(Product, Product.id == OrderLine.product_id)
        .where(Order.status.in_(SOLD_STATUSES))
        .group_by(OrderLine.product_id, Product.name)
        .order_by(func.sum(OrderLine.quantity).desc(), Product.name)
    )
    if user_id is not None:
        statement = statement.where(Order.user_id == user_id)
    return [Quantity(row[0], row[1], int(row[2])) for row in db.session.execute(statement)]

"""The removed-from-cart report by customer: who took what out, when, and bought it since.

The data the campaigns target (SPEC 9): per signed-in customer and product, the removals in
the window (times, units, the last one), and whether an order of theirs that was not
cancelled or left unpaid has that product since the last removal. ``not_bought_since`` is
the campaigns' targeting rule, on the same rows: for removals, or (``kinds``) for the lines
of carts that expired (``cart_expiry``).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Exists, Select, Subquery, exists, func, or_, select

from ..extensions import db
from ..models import Brand, CartEvent, Category, Order, OrderLine, Product, User
from ..models.orders import CANCELLED, PENDING_PAYMENT
from .errors import InvalidInput
from .reports import REMOVAL_KINDS

MAX_ROWS = 10_000
NOT_BOUGHT = (PENDING_PAYMENT, CANCELLED)


@dataclass(frozen=True)
class CustomerRemovedRow:
    user_id: uuid.UUID
    username: str
    product_id: uuid.UUID
    product: str
    brand: str
    times_removed: int
    quantity_removed: int
    last_removed_at: datetime
    bought_since: bool


CSV_HEADER = [field.name for field in fields(CustomerRemovedRow)]


@dataclass(frozen=True)
class CustomerFilter:
    """What the report is narrowed to: products (ids), a brand, a category (ids)."""

    products: tuple[uuid.UUID, ...] = ()
    brand_id: int | None = None
    category_id: int | None = None


def customer_filter(
    products: list[str] | None = None, brand: str | None = None, category: str | None = None
) -> CustomerFilter:
    """The filter from products' ids or slugs and a brand's and a category's slug or id."""
    problems: dict[str, str] = {}
    product_ids: set[uuid.UUID] = set()
    for text in products or []:
        text = text.strip()
        try:
            condition = Product.id == uuid.UUID(text)
        except ValueError:
            condition = Product.slug == text.lower()
        found = db.session.scalar(select(Product.id).where(condition))
        if found is None:
            problems["product"] = f"There is no product {text!r}."
        else:
            product_ids.add(found)
    ids: dict[str, int | None] = {}
    for name, model, text in (("brand", Brand, brand), ("category", Category, category)):
        ids[name] = None
        if text:
            number = int(text) if text.isdigit() and len(text) < 10 else -1
            ids[name] = db.session.scalar(
                select(model.id).where(or_(model.slug == text.strip().lower(), model.id == number))
            )
            if ids[name] is None:
                problems[name] = f"There is no {name} {text!r}."
    if problems:
        raise InvalidInput(problems)
    return CustomerFilter(tuple(sorted(product_ids)), ids["brand"], ids["category"])


def bought_since(user_id: Any, product_id: Any, moment: Any) -> Exists:
    """SQL: the customer has an order (not unpaid, not cancelled) with the product since."""
    return exists().where(
        OrderLine.order_id == Order.id,
        Order.user_id == user_id,
        OrderLine.product_id == product_id,
        Order.status.notin_(NOT_BOUGHT),
        Order.created_at >= moment,
    )


def taken_out(
    since: datetime,
    until: datetime,
    products: Iterable[uuid.UUID] = (),
    kinds: tuple[str, ...] = REMOVAL_KINDS,
) -> Subquery:
    """Per customer and product: the events of ``kinds`` that took units out between the
    two times (``times``, ``quantity``, the ``last`` one); only ``products`` if given."""
    conditions = [
        CartEvent.kind.in_(kinds),
        CartEvent.delta < 0,
        CartEvent.user_id.is_not(None),
        CartEvent.created_at >= since,
        CartEvent.created_at < until,
    ]
    products = tuple(products)
    if products:
        conditions.append(CartEvent.product_id.in_(products))
    return (
        select(
            CartEvent.user_id,
            CartEvent.product_id,
            func.count().label("times"),
            func.sum(-CartEvent.delta).label("quantity"),
            func.max(CartEvent.created_at).label("last"),
        )
        .where(*conditions)
        .group_by(CartEvent.user_id, CartEvent.product_id)
        .subquery()
    )


def not_bought_since(
    since: datetime,
    until: datetime,
    products: Iterable[uuid.UUID] = (),
    brand_id: int | None = None,
    kinds: tuple[str, ...] = REMOVAL_KINDS,
) -> Select[tuple[uuid.UUID]]:
    """The customers who took one of these products (or the brand's) out between the two
    times and have not bought it since they last did: whom a campaign targets (SPEC 9)."""
    grouped = taken_out(since, until, products, kinds)
    statement = select(grouped.c.user_id).where(
        ~bought_since(grouped.c.user_id, grouped.c.product_id, grouped.c.last)
    )
    if brand_id is not None:
        statement = statement.join(Product, Product.id == grouped.c.product_id).where(
            Product.brand_id == brand_id
        )
    return statement.distinct()


def removed_by_customer(
    since: datetime, until: datetime, narrow: CustomerFilter | None = None
) -> list[CustomerRemovedRow]:
    """Per customer and product, what was taken out of carts between the two times."""
    narrow = narrow or CustomerFilter()
    grouped = taken_out(since, until, narrow.products)
    statement = (
        select(
            grouped.c.user_id,
            User.username,
            grouped.c.product_id,
            Product.name,
            Brand.name,
            grouped.c.times,
            grouped.c.quantity,
            grouped.c.last,
            bought_since(grouped.c.user_id, grouped.c.product_id, grouped.c.last),
        )
        .join(User, User.id == grouped.c.user_id)
        .join(Product, Product.id == grouped.c.product_id)
        .join(Brand, Brand.id == Product.brand_id)
        .join(Category, Category.id == Product.category_id)
        .order_by(grouped.c.last.desc(), User.username, Product.name)
        .limit(MAX_ROWS)
    )
    if narrow.brand_id is not None:
        statement = statement.where(Product.brand_id == narrow.brand_id)
    if narrow.category_id is not None:
        statement = statement.where(Product.category_id == narrow.category_id)
    return [
        CustomerRemovedRow(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            int(row[5]),
            int(row[6]),
            row[7],
            bool(row[8]),
        )
        for row in db.session.execute(statement)
    ]


def removed_by_customer_csv(rows: list[CustomerRemovedRow]) -> str:
    """The rows as CSV text, with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        values = list(astuple(row))
        for index in (1, 3, 4):
            values[index] = _safe(values[index])
        values[7] = values[7].isoformat()
        writer.writerow(values)
    return buffer.getvalue()


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text

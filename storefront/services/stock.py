"""Stock on hand, what carts hold of it, and what is left to sell.

A line in an active cart reserves its quantity until the cart has gone
``CART_TTL_MINUTES`` without a change. Expiry needs no background job: every
question about reservations asks only about carts changed since the cut-off.

A product whose stock is not tracked (``track_stock`` off) counts nothing: its cart lines
reserve nothing, and what is available of it is what one cart line may hold
(``MAX_QUANTITY``) while it is active.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Connection, bindparam, case, func, literal, select
from sqlalchemy.orm import lazyload

from ..extensions import db
from ..models import Cart, CartLine, Product
from ..models.base import UTCDateTime, utcnow
from ..models.carts import ACTIVE
from ..rules import MAX_QUANTITY


def cart_ttl() -> timedelta:
    """How long a cart holds its lines without a change."""
    return timedelta(minutes=float(current_app.config["CART_TTL_MINUTES"]))


def fresh_since(now: datetime | None = None) -> datetime:
    """Carts changed after this moment still hold their lines."""
    return (now or utcnow()) - cart_ttl()


def holding_carts(now: datetime | None = None, since: Any = None) -> ColumnElement[bool]:
    """SQL condition: the cart is active and not yet expired.

    ``since`` replaces the cut-off with SQL of the caller's, such as a bound parameter
    (see ``FRESH_SINCE``), for statements built once and run many times.
    """
    cutoff = since if since is not None else fresh_since(now)
    return (Cart.status == ACTIVE) & (Cart.updated_at > cutoff)


# The cut-off as a bound parameter; give it ``fresh_params()`` when running the statement.
FRESH_SINCE = bindparam("fresh_since", type_=UTCDateTime())


def fresh_params() -> dict[str, datetime]:
    """The parameters a statement built with ``FRESH_SINCE`` needs."""
    return {"fresh_since": fresh_since()}


def reserved_expression(
    exclude_cart: Any = None, now: datetime | None = None, since: Any = None
) -> ColumnElement[int]:
    """SQL: units of the outer query's product held by carts (but ``exclude_cart``)."""
    condition = holding_carts(now, since) & (CartLine.product_id == Product.id)
    if exclude_cart is not None:  # a cart's id, or a bound parameter standing for one
        condition = condition & (Cart.id != exclude_cart)
    reserved = (
        select(func.coalesce(func.sum(CartLine.quantity), 0))
        .join(Cart, Cart.id == CartLine.cart_id)
        .where(condition)
        .correlate(Product)
        .scalar_subquery()
    )
    return reserved


def available_expression(exclude_cart: Any = None, since: Any = None) -> ColumnElement[int]:
    """SQL: units of the outer query's product that can still be put in a cart.

    For a product whose stock is not tracked: ``MAX_QUANTITY``, nothing being counted.
    """
    return case(
        (
            Product.track_stock.is_(True),
            Product.stock - reserved_expression(exclude_cart, since=since),
        ),
        else_=literal(MAX_QUANTITY),
    )


def _per_product(measure: Any) -> dict[bool, Any]:
    """The statement asking ``measure`` of one product, with and without a cart left out."""
    return {
        excluding: select(measure(bindparam("exclude_cart") if excluding else None)).where(
            Product.id == bindparam("product_id")
        )
        for excluding in (False, True)
    }


# Asked on every change to a cart and at checkout: built once, run with parameters.
_RESERVED = _per_product(lambda exclude: reserved_expression(exclude, since=FRESH_SINCE))
_AVAILABLE = _per_product(lambda exclude: available_expression(exclude, since=FRESH_SINCE))


def _ask(
    statements: dict[bool, Any],
    product_id: uuid.UUID,
    exclude: uuid.UUID | None,
    connection: Connection | None = None,
) -> int:
    params: dict[str, Any] = {"product_id": product_id, **fresh_params()}
    if exclude is not None:
        params["exclude_cart"] = exclude
    runner = connection if connection is not None else db.session  # the session flushes first
    return int(runner.scalar(statements[exclude is not None], params) or 0)


def reserved_quantity(product_id: uuid.UUID, exclude_cart: uuid.UUID | None = None) -> int:
    """Units of the product held by active carts (other than ``exclude_cart``)."""
    return _ask(_RESERVED, product_id, exclude_cart)


def available_quantity(
    product_id: uuid.UUID,
    exclude_cart: uuid.UUID | None = None,
    connection: Connection | None = None,
) -> int:
    """Units of the product not on hand in anyone's cart (but ``exclude_cart``); asked on
    ``connection`` when given (plain statements, nothing of the session's to flush)."""
    return _ask(_AVAILABLE, product_id, exclude_cart, connection)


# A locked product is read for its own columns (stock, price, name): its brand, category,
# store and cover are loaded only if asked for, not joined into every lock.
_OWN_ROW = (
    lazyload(Product.brand),
    lazyload(Product.category),
    lazyload(Product.store),
    lazyload(Product.cover_image),
)


def lock_product(product_id: uuid.UUID) -> Product | None:
    """Load the product and hold its row until the transaction ends.

    On PostgreSQL this serialises every change to the product's reservations;
    SQLite's write transactions are serial already.
    """
    return db.session.scalar(
        select(Product)
        .where(Product.id == product_id)
        .with_for_update(of=Product)
        .options(*_OWN_ROW)
        .execution_options(populate_existing=True)
    )


def lock_products(product_ids: list[uuid.UUID]) -> dict[uuid.UUID, Product]:
    """Load the products and hold their rows, locked in id order in one statement."""
    if not product_ids:
        return {}
    found = db.session.scalars(
        select(Product)
        .where(Product.id.in_(product_ids))
        .order_by(Product.id)
        .with_for_update(of=Product)
        .options(*_OWN_ROW)
        .execution_options(populate_existing=True)
    )
    return {product.id: product for product in found}


CARTS = Cart.__table__
CART_LINES = CartLine.__table__


def _reserved_by_product(excluding: bool) -> Any:
    condition = (
        (CARTS.c.status == ACTIVE)
        & (CARTS.c.updated_at > FRESH_SINCE)
        & CART_LINES.c.product_id.in_(bindparam("product_ids", expanding=True))
    )
    if excluding:
        condition = condition & (CARTS.c.id != bindparam("exclude_cart"))
    return (
        select(CART_LINES.c.product_id, func.sum(CART_LINES.c.quantity))
        .join(CARTS, CARTS.c.id == CART_LINES.c.cart_id)
        .where(condition)
        .group_by(CART_LINES.c.product_id)
    )


_RESERVED_MANY = {excluding: _reserved_by_product(excluding) for excluding in (False, True)}


def reserved_by_product(
    product_ids: list[uuid.UUID], exclude_cart: uuid.UUID | None = None
) -> dict[uuid.UUID, int]:
    """Units of each product held by active carts (other than ``exclude_cart``), in one query.

    Products no cart holds are left out. Ask after locking the products' rows, in a
    statement of its own, so that what it counts is current (on PostgreSQL a statement
    sees the data as of its own start).
    """
    params: dict[str, Any] = {"product_ids": product_ids, **fresh_params()}
    if exclude_cart is not None:
        params["exclude_cart"] = exclude_cart
    rows = db.session.connection().execute(_RESERVED_MANY[exclude_cart is not None], params)
    return {product_id: int(quantity) for product_id, quantity in rows}


def available_by_product(product_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """What can still be put in a cart of each product (0 when switched off), in one query."""
    if not product_ids:
        return {}
    statement = select(Product.id, Product.active, available_expression(since=FRESH_SINCE)).where(
        Product.id.in_(product_ids)
    )
    rows = db.session.execute(statement, fresh_params())
    return {row[0]: max(int(row[2]), 0) if row[1] else 0 for row in rows}

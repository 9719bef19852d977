"""Adding units to a cart: the busiest write the shop has, as a few plain statements.

One write transaction, locking as every change to a cart does (the cart, then the product):
the cart locked and read; its line count and this product's line; the product locked and
read; what it has left (every other open cart's lines counted); then the line, the cart event
and the cart's time written. Each read after a lock is a statement of its own, so that on
PostgreSQL it sees every change committed before the lock was granted. No objects are
loaded: the statements are built once per process and run with parameters.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update

from ..database import write_transaction
from ..models import Cart, CartEvent, CartLine, Product
from ..models.base import utcnow
from ..models.carts import ACTIVE, ADD
from . import stock
from .cart_errors import (
    CartFull,
    CartNotFound,
    LineFull,
    NotEnoughStock,
    ProductNotFound,
    ProductUnavailable,
)
from .cart_limits import check_quantity, max_lines, max_quantity

CARTS = Cart.__table__
LINES = CartLine.__table__
EVENTS = CartEvent.__table__
PRODUCTS = Product.__table__

_CART = (
    select(CARTS.c.user_id, CARTS.c.status, CARTS.c.updated_at)
    .where(CARTS.c.id == bindparam("cart_id"))
    .with_for_update(of=CARTS)
)
# Read after the cart's lock, in a statement of its own: on PostgreSQL a statement that
# waited for a lock still reads the lines as they were when it began.
_CART_LINES = select(
    select(func.count()).where(LINES.c.cart_id == bindparam("cart_id")).scalar_subquery(),
    select(LINES.c.quantity)
    .where(LINES.c.cart_id == bindparam("cart_id"), LINES.c.product_id == bindparam("product_id"))
    .scalar_subquery(),
)
_PRODUCT = (
    select(PRODUCTS.c.name, PRODUCTS.c.active)
    .where(PRODUCTS.c.id == bindparam("product_id"))
    .with_for_update(of=PRODUCTS)
)
_NEW_CART = insert(CARTS)
_NEW_LINE = insert(LINES)
_MORE_ON_LINE = (
    update(LINES)
    .where(LINES.c.cart_id == bindparam("cart"), LINES.c.product_id == bindparam("product"))
    .values(quantity=LINES.c.quantity + bindparam("more"))
)
_EVENT = insert(EVENTS)
_TOUCH = update(CARTS).where(CARTS.c.id == bindparam("cart")).values(updated_at=bindparam("now"))


@dataclass(frozen=True)
class Added:
    """What an add did: the cart it went into (new or not) and the product's name."""

    cart_id: uuid.UUID
    user_id: uuid.UUID | None
    product_name: str


def _open(owner_id: uuid.UUID | None, user_id: object, status: str, updated_at: datetime) -> bool:
    return user_id == owner_id and status == ACTIVE and updated_at > stock.fresh_since()


def add_units(
    cart_id: uuid.UUID | None,
    owner_id: uuid.UUID | None,
    product_id: uuid.UUID,
    quantity: int,
) -> Added:
    """Add units to the owner's open cart (a new cart when ``cart_id`` is None), or raise
    why not: CartNotFound, ProductNotFound, ProductUnavailable, CartFull, LineFull,
    NotEnoughStock, InvalidInput (the quantity)."""
    quantity = check_quantity(quantity)
    now = utcnow()
    with write_transaction() as session:
        connection = session.connection()
        held: int | None = None
        if cart_id is None:
            cart_id = uuid.uuid4()
            values = {"id": cart_id, "user_id": owner_id, "status": ACTIVE}
            connection.execute(_NEW_CART, {**values, "created_at": now, "updated_at": now})
        else:
            row = connection.execute(_CART, {"cart_id": cart_id}).first()
            if row is None or not _open(owner_id, row.user_id, row.status, row.updated_at):
                raise CartNotFound()
            asked = {"cart_id": cart_id, "product_id": product_id}
            lines, held = connection.execute(_CART_LINES, asked).one()
            if held is None and lines >= max_lines():
                raise CartFull(max_lines())
        product = connection.execute(_PRODUCT, {"product_id": product_id}).first()
        if product is None:
            raise ProductNotFound()
        if not product.active:
            raise ProductUnavailable(product.name)
        before = held or 0
        left = stock.available_quantity(product_id, cart_id, connection) - before
        if before + quantity > max_quantity():
            raise LineFull(product.name, min(left, max_quantity() - before), max_quantity())
        if quantity > left:
            raise NotEnoughStock(product.name, left)
        if held is None:
            line = {"cart_id": cart_id, "product_id": product_id, "quantity": quantity}
            connection.execute(_NEW_LINE, line)
        else:
            line = {"cart": cart_id, "product": product_id, "more": quantity}
            connection.execute(_MORE_ON_LINE, line)
        event = {"cart_id": cart_id, "user_id": owner_id, "product_id": product_id}
        connection.execute(_EVENT, {**event, "delta": quantity, "kind": ADD, "created_at": now})
        connection.execute(_TOUCH, {"cart": cart_id, "now": now})
    return Added(cart_id, owner_id, product.name)

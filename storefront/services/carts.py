"""Carts: lines that reserve stock, and the record of every change to them.

Every change runs in one write transaction that first locks the product's row,
so two carts can never both take the last units.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, joinedload, lazyload, selectinload

from ..database import write_transaction
from ..extensions import db
from ..models import Cart, CartEvent, CartLine, Product
from ..models.base import utcnow
from ..models.carts import (
    ACTIVE,
    CART_DELETED,
    DELETED,
    REMOVE,
    SET,
)
from . import stock
from .cart_adding import add_units
from .cart_errors import CartNotFound, NotEnoughStock, ProductNotFound, ProductUnavailable
from .cart_limits import check_quantity
from .pages import page_of

log = logging.getLogger(__name__)


# A cart's lines with their products, but not the products' brand, category and store:
# nothing a cart shows or checks needs them, and they cost three joins per line.
LINES = selectinload(Cart.lines).options(
    joinedload(CartLine.product).options(
        lazyload(Product.brand), lazyload(Product.category), lazyload(Product.store)
    )
)
# A user's carts, the most recently changed first (ties broken by id, so the order is fixed).
LATEST_FIRST = (Cart.updated_at.desc(), Cart.id)


def _is_open(cart: Cart | None, owner_id: uuid.UUID | None) -> bool:
    return (
        cart is not None
        and cart.user_id == owner_id
        and cart.status == ACTIVE
        and cart.updated_at > stock.fresh_since()
    )


def lock_cart(session: Session, cart_id: uuid.UUID, owner_id: uuid.UUID | None) -> Cart:
    """Lock the owner's open cart and load its lines afresh, or raise CartNotFound.

    Every change to a cart locks the cart first, then its products in id order.
    """
    cart = session.scalar(
        select(Cart)
        .where(Cart.id == cart_id)
        .with_for_update(of=Cart)
        .options(LINES)
        .execution_options(populate_existing=True)
    )
    if not _is_open(cart, owner_id):
        raise CartNotFound()
    assert cart is not None
    return cart


def record_change(
    session: Session, cart: Cart, product_id: uuid.UUID, delta: int, kind: str
) -> None:
    """Write a cart event for a change of ``delta`` units (none for no change)."""
    if delta:
        session.add(
            CartEvent(
                cart_id=cart.id, user_id=cart.user_id, product_id=product_id, delta=delta, kind=kind
            )
        )


def touch(cart: Cart) -> None:
    """Mark the cart as changed now: its reservation runs from this moment."""
    cart.updated_at = utcnow()


def create_cart(owner_id: uuid.UUID | None) -> Cart:
    """A new, empty, active cart for a user (or a guest, with None)."""
    with write_transaction() as session:
        cart = Cart(user_id=owner_id)
        session.add(cart)
    return cart


def get_cart(cart_id: uuid.UUID, owner_id: uuid.UUID | None) -> Cart:
    """The owner's active cart with its lines, or CartNotFound."""
    cart = db.session.get(Cart, cart_id, options=[LINES])
    if not _is_open(cart, owner_id):
        raise CartNotFound()
    assert cart is not None
    return cart


def _owned_and_active(owner_id: Any, since: Any = None) -> ColumnElement[bool]:
    return (Cart.user_id == owner_id) & stock.holding_carts(since=since)


def active_carts(owner_id: uuid.UUID) -> list[Cart]:
    """A user's active carts, the most recently changed first."""
    statement = select(Cart).where(_owned_and_active(owner_id)).order_by(*LATEST_FIRST)
    return list(db.session.scalars(statement.options(LINES)))


def latest_cart_query(owner_id: Any, since: Any = None) -> Select[tuple[uuid.UUID]]:
    """SQL for the id of the user's latest active cart: the one the HTML side shows.

    ``owner_id`` and ``since`` may be bound parameters, for a statement built once.
    """
    condition = _owned_and_active(owner_id, since)
    return select(Cart.id).where(condition).order_by(*LATEST_FIRST).limit(1)


def all_active_carts(page: int, per_page: int) -> tuple[list[Cart], int]:
    """A page of everyone's active carts (guests' too), latest change first, and how many."""
    return page_of(Cart, stock.holding_carts(), LATEST_FIRST, page, per_page)


def add_item(
    cart_id: uuid.UUID | None,
    owner_id: uuid.UUID | None,
    product_id: uuid.UUID,
    quantity: int,
) -> Cart:
    """Add units to a cart's line (a new cart when ``cart_id`` is None): the cart afterwards,
    with its lines."""
    added = add_units(cart_id, owner_id, product_id, quantity)
    return get_cart(added.cart_id, owner_id)


def set_quantity(
    cart_id: uuid.UUID, owner_id: uuid.UUID | None, product_id: uuid.UUID, quantity: int
) -> Cart:
    """Set a line's quantity; 0 removes the line."""
    quantity = check_quantity(quantity, allow_zero=True)
    if quantity == 0:
        return remove_line(cart_id, owner_id, product_id)
    with write_transaction() as session:
        cart = lock_cart(session, cart_id, owner_id)
        line = cart.line_for(product_id)
        if line is None:
            raise ProductNotFound()
        product = stock.lock_product(product_id)
        assert product is not None  # the line's foreign key keeps it
        if quantity > line.quantity:
            if not product.active:
                raise ProductUnavailable(product.name)
            left = stock.available_quantity(product_id, exclude_cart=cart.id) - line.quantity
            if quantity - line.quantity > left:
                raise NotEnoughStock(product.name, left)
        record_change(session, cart, product_id, quantity - line.quantity, SET)
        line.quantity = quantity
        touch(cart)
    return cart


def remove_line(cart_id: uuid.UUID, owner_id: uuid.UUID | None, product_id: uuid.UUID) -> Cart:
    """Take a product out of a cart."""
    with write_transaction() as session:
        cart = lock_cart(session, cart_id, owner_id)
        line = cart.line_for(product_id)
        if line is None:
            raise ProductNotFound()
        record_change(session, cart, product_id, -line.quantity, REMOVE)
        cart.lines.remove(line)
        touch(cart)
    return cart


def delete_cart(cart_id: uuid.UUID, owner_id: uuid.UUID | None) -> None:
    """Delete a cart: its reservation ends at once."""
    with write_transaction() as session:
        cart = lock_cart(session, cart_id, owner_id)
        for line in cart.lines:
            record_change(session, cart, line.product_id, -line.quantity, CART_DELETED)
        cart.status = DELETED
        touch(cart)

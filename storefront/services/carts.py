"""Carts: lines that reserve stock, and the record of every change to them.

Every change runs in one write transaction that first locks the product's row,
so two carts can never both take the last units.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, joinedload, lazyload, selectinload

from ..database import write_transaction
from ..extensions import db
from ..models import Cart, CartEvent, CartLine, Product
from ..models.base import utcnow
from ..models.carts import (
    ACTIVE,
    ADD,
    CART_DELETED,
    DELETED,
    REMOVE,
    SET,
)
from . import stock
from .cart_limits import check_quantity, max_lines, max_quantity
from .errors import Conflict, NotFound
from .pages import page_of

log = logging.getLogger(__name__)


class CartFull(Conflict):
    """The cart holds as many different products as a cart may."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"A cart holds at most {limit} different products: check out or remove some first."
        )
        self.fields = {"product_id": self.message}


class CartNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such cart.")


class ProductNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such product.")


class ProductUnavailable(Conflict):
    """The product is switched off."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not for sale right now.")


class NotEnoughStock(Conflict):
    """Fewer units are available than asked for."""

    def __init__(self, name: str, left: int) -> None:
        if left <= 0:
            message = f"No more {name} can be added: none are left."
        else:
            message = f"Only {left} more {name} can be added."
        super().__init__(message)
        self.left = max(left, 0)


class LineFull(NotEnoughStock):
    """The line would hold more units than a line may (CART_MAX_QUANTITY)."""

    def __init__(self, name: str, left: int, limit: int) -> None:
        Conflict.__init__(
            self, f"A cart holds at most {limit} of {name}: {max(left, 0)} more can be added."
        )
        self.left = max(left, 0)


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


def _sellable(product_id: uuid.UUID) -> Product:
    product = stock.lock_product(product_id)
    if product is None:
        raise ProductNotFound()
    if not product.active:
        raise ProductUnavailable(product.name)
    return product


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


def _owned_and_active(owner_id: uuid.UUID) -> ColumnElement[bool]:
    return (Cart.user_id == owner_id) & stock.holding_carts()


def active_carts(owner_id: uuid.UUID) -> list[Cart]:
    """A user's active carts, the most recently changed first."""
    statement = select(Cart).where(_owned_and_active(owner_id)).order_by(*LATEST_FIRST)
    return list(db.session.scalars(statement.options(LINES)))


def latest_cart_query(owner_id: uuid.UUID) -> Select[tuple[uuid.UUID]]:
    """SQL for the id of the user's latest active cart: the one the HTML side shows."""
    return select(Cart.id).where(_owned_and_active(owner_id)).order_by(*LATEST_FIRST).limit(1)


def all_active_carts(page: int, per_page: int) -> tuple[list[Cart], int]:
    """A page of everyone's active carts (guests' too), latest change first, and how many."""
    return page_of(Cart, stock.holding_carts(), LATEST_FIRST, page, per_page)


def add_item(
    cart_id: uuid.UUID | None,
    owner_id: uuid.UUID | None,
    product_id: uuid.UUID,
    quantity: int,
) -> Cart:
    """Add units to a cart's line (a new cart when ``cart_id`` is None)."""
    quantity = check_quantity(quantity)
    # The cart, its lines and the product are loaded fresh under lock and hold what is
    # written: the caller may read them after the commit without asking again.
    with write_transaction(keep_loaded=True) as session:
        if cart_id is None:
            cart = Cart(user_id=owner_id)
            session.add(cart)
            session.flush()
        else:
            cart = lock_cart(session, cart_id, owner_id)
        line = cart.line_for(product_id)
        if line is None and len(cart.lines) >= max_lines():
            raise CartFull(max_lines())
        product = _sellable(product_id)
        held = line.quantity if line else 0
        left = stock.available_quantity(product_id, exclude_cart=cart.id) - held
        if held + quantity > max_quantity():
            raise LineFull(product.name, min(left, max_quantity() - held), max_quantity())
        if quantity > left:
            raise NotEnoughStock(product.name, left)
        if line is None:
            cart.lines.append(CartLine(product_id=product_id, quantity=quantity))
        else:
            line.quantity += quantity
        record_change(session, cart, product_id, quantity, ADD)
        touch(cart)
    return cart


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

"""Placing an order: stock taken, order written and cart closed, all in one transaction."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..database import write_transaction
from ..models import Cart, Order, OrderLine, Product
from ..models.carts import ACTIVE, CHECKED_OUT
from . import stock
from .carts import MAX_QUANTITY, CartNotFound, ProductNotFound, check_quantity
from .errors import Conflict, InvalidInput

log = logging.getLogger(__name__)

# Crockford's base32 without look-alikes: order numbers people can read out.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class Shortfall:
    """One line that cannot be filled: what was asked and what is left."""

    product_id: uuid.UUID
    name: str
    wanted: int
    left: int


class StockShort(Conflict):
    """Some lines ask for more than is left; nothing was changed."""

    def __init__(self, shortfalls: list[Shortfall]) -> None:
        parts = [
            f"{item.name}: {item.left} left" if item.left > 0 else f"{item.name}: sold out"
            for item in shortfalls
        ]
        super().__init__("Not enough stock for your order. " + "; ".join(parts) + ".")
        self.shortfalls = shortfalls


class EmptyOrder(InvalidInput):
    def __init__(self) -> None:
        super().__init__({"lines": "There is nothing to order."}, "There is nothing to order.")


def new_order_number() -> str:
    """A random, readable order number such as ``SF-7K3M-9Q2P``."""
    chars = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"SF-{chars[:4]}-{chars[4:]}"


def place_order_from_cart(cart_id: uuid.UUID, user_id: uuid.UUID) -> Order:
    """Turn the user's cart into an order; a second submit returns the same order."""
    with write_transaction() as session:
        cart = session.scalar(
            select(Cart)
            .where(Cart.id == cart_id)
            .with_for_update(of=Cart)
            .execution_options(populate_existing=True)
        )
        if cart is None or cart.user_id != user_id:
            raise CartNotFound()
        if cart.status == CHECKED_OUT:
            existing = session.scalar(select(Order).where(Order.cart_id == cart.id))
            if existing is not None:
                return existing
        if cart.status != ACTIVE or cart.updated_at <= stock.fresh_since():
            raise CartNotFound()
        wanted = [(line.product_id, line.quantity) for line in cart.lines]
        order = _place(session, user_id, wanted, exclude_cart=cart.id)
        order.cart_id = cart.id
        cart.status = CHECKED_OUT
    log.info("order placed order=%s number=%s user=%s", order.id, order.number, user_id)
    return order


def place_order(user_id: uuid.UUID, lines: Iterable[tuple[uuid.UUID, int]]) -> Order:
    """An order straight from (product, quantity) pairs, without a cart."""
    merged: dict[uuid.UUID, int] = {}
    for product_id, quantity in lines:
        merged[product_id] = merged.get(product_id, 0) + check_quantity(quantity)
    if any(quantity > MAX_QUANTITY for quantity in merged.values()):
        raise InvalidInput({"quantity": f"At most {MAX_QUANTITY} of a product."})
    with write_transaction() as session:
        order = _place(session, user_id, list(merged.items()), exclude_cart=None)
    log.info("order placed order=%s number=%s user=%s", order.id, order.number, user_id)
    return order


def _place(
    session: Session,
    user_id: uuid.UUID,
    wanted: list[tuple[uuid.UUID, int]],
    exclude_cart: uuid.UUID | None,
) -> Order:
    """Lock the products in id order, check every line, take the stock, write the order."""
    if not wanted:
        raise EmptyOrder()
    wanted = sorted(wanted, key=lambda item: item[0])
    products = {
        product.id: product
        for product in session.scalars(
            select(Product)
            .where(Product.id.in_([product_id for product_id, _ in wanted]))
            .order_by(Product.id)
            .with_for_update(of=Product)
            .execution_options(populate_existing=True)
        )
    }
    shortfalls: list[Shortfall] = []
    for product_id, quantity in wanted:
        product = products.get(product_id)
        if product is None:
            raise ProductNotFound()
        left = stock.available_quantity(product_id, exclude_cart=exclude_cart)
        if not product.active:
            left = 0
        if quantity > left:
            shortfalls.append(Shortfall(product_id, product.name, quantity, max(left, 0)))
    if shortfalls:
        raise StockShort(shortfalls)

    order = Order(number=new_order_number(), user_id=user_id, total_cents=0)
    session.add(order)
    for product_id, quantity in wanted:
        product = products[product_id]
        taken = session.execute(
            update(Product)
            .where(Product.id == product_id, Product.stock >= quantity)
            .values(stock=Product.stock - quantity)
        ).rowcount
        if taken != 1:  # cannot happen while we hold the row lock; never oversell anyway
            raise StockShort([Shortfall(product_id, product.name, quantity, product.stock)])
        order.lines.append(
            OrderLine(
                product_id=product_id,
                name=product.name,
                unit_price_cents=product.price_cents,
                quantity=quantity,
                line_total_cents=product.price_cents * quantity,
            )
        )
        order.total_cents += product.price_cents * quantity
    session.flush()
    return order

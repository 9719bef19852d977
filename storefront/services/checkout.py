"""Placing an order: stock taken, order written and cart closed, all in one transaction.

The rule (SPEC 3.1 and 3.3): lock the products' rows in id order, count what other carts
hold, refuse every short line at once, take the stock with a conditional update, write
the order with its lines as they are now, close the cart. A second submit of the same
cart finds the order it made. Written with Core statements built once: the transaction
touches exactly these rows and hands back plain values.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace

from flask import current_app
from sqlalchemy import Connection, bindparam, insert, select, update

from ..database import write_transaction
from ..models import Cart, CartLine, CartVoucher, Order, OrderLine, Product
from ..models.base import utcnow
from ..models.carts import ACTIVE, CHECKED_OUT
from ..models.orders import PENDING_PAYMENT
from . import stock, voucher_uses
from .addresses import save_if_new
from .cart_errors import CartFull, CartNotFound, ProductNotFound
from .cart_limits import check_quantity, max_lines, max_quantity
from .delivery import Delivery
from .discounts import NO_DISCOUNT
from .errors import InvalidInput
from .order_summary import LineSummary, OrderSummary, read_summary, shipping_values
from .placing_errors import EmptyOrder, Shortfall, StockShort

log = logging.getLogger(__name__)

# Crockford's base32 without look-alikes: order numbers people can read out.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

PRODUCTS = Product.__table__
CARTS = Cart.__table__
CART_LINES = CartLine.__table__
ORDERS = Order.__table__
ORDER_LINES = OrderLine.__table__


def new_order_number() -> str:
    """A random, readable order number such as ``SF-7K3M-9Q2P``."""
    chars = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"SF-{chars[:4]}-{chars[4:]}"


# Built once; each runs with bound parameters.
_CART_VOUCHER = (
    select(CartVoucher.__table__.c.voucher_id)
    .where(CartVoucher.__table__.c.cart_id == CARTS.c.id)
    .scalar_subquery()
)
_LOCK_CART = (
    select(CARTS.c.user_id, CARTS.c.status, CARTS.c.updated_at, _CART_VOUCHER.label("voucher_id"))
    .where(CARTS.c.id == bindparam("cart_id"))
    .with_for_update()
)
_CART_LINES = select(CART_LINES.c.product_id, CART_LINES.c.quantity).where(
    CART_LINES.c.cart_id == bindparam("cart_id")
)
_CLOSE_CART = update(CARTS).where(CARTS.c.id == bindparam("cart_id")).values(status=CHECKED_OUT)
_LOCK_PRODUCTS = (
    select(
        PRODUCTS.c.id,
        PRODUCTS.c.name,
        PRODUCTS.c.price_cents,
        PRODUCTS.c.stock,
        PRODUCTS.c.active,
        PRODUCTS.c.track_stock,
    )
    .where(PRODUCTS.c.id.in_(bindparam("product_ids", expanding=True)))
    .order_by(PRODUCTS.c.id)
    .with_for_update()
)
_TAKE = (
    update(PRODUCTS)
    .where(PRODUCTS.c.id == bindparam("product_id"), PRODUCTS.c.stock >= bindparam("quantity"))
    .values(stock=PRODUCTS.c.stock - bindparam("quantity"))
)
_WRITE_ORDER = insert(ORDERS)
_WRITE_LINES = insert(ORDER_LINES)


@dataclass(frozen=True)
class Wanted:
    """What one placing asks for, checked: whose order, which lines, from which cart,
    where it goes and how (None: nowhere, no charge; the services that only place)."""

    user_id: uuid.UUID
    lines: list[tuple[uuid.UUID, int]]
    cart_id: uuid.UUID | None = None
    card_last4: str | None = None  # the card about to pay, as the order shows it
    voucher: str | None = None  # a code typed for this order
    voucher_id: int | None = None  # the voucher the cart carries
    delivery: Delivery | None = None


def wanted_lines(
    user_id: uuid.UUID,
    lines: Iterable[tuple[uuid.UUID, int]],
    card_last4: str | None = None,
    voucher: str | None = None,
    delivery: Delivery | None = None,
) -> Wanted:
    """(product, quantity) pairs merged per product and checked, for an order without a cart."""
    merged: dict[uuid.UUID, int] = {}
    for product_id, quantity in lines:
        merged[product_id] = merged.get(product_id, 0) + check_quantity(quantity)
    if len(merged) > max_lines():
        raise InvalidInput({"lines": f"An order holds at most {max_lines()} different products."})
    if any(quantity > max_quantity() for quantity in merged.values()):
        raise InvalidInput({"quantity": f"At most {max_quantity()} of a product."})
    return Wanted(
        user_id,
        list(merged.items()),
        card_last4=card_last4,
        voucher=voucher or None,
        delivery=delivery,
    )


def place_order_from_cart(cart_id: uuid.UUID, user_id: uuid.UUID) -> OrderSummary:
    """Turn the user's cart into an order; a second submit returns the same order."""
    with write_transaction() as session:
        return place(session.connection(), Wanted(user_id, [], cart_id))[0]


def place_order(user_id: uuid.UUID, lines: Iterable[tuple[uuid.UUID, int]]) -> OrderSummary:
    """An order straight from (product, quantity) pairs, without a cart."""
    wanted = wanted_lines(user_id, lines)
    with write_transaction() as session:
        return place(session.connection(), wanted)[0]


def place(connection: Connection, wanted: Wanted) -> tuple[OrderSummary, bool]:
    """Inside the caller's write transaction: the order ``wanted`` asks for; True if new.

    For a cart already checked out, the order it made, and False.
    """
    lines = wanted.lines
    if wanted.cart_id is not None:
        cart = connection.execute(_LOCK_CART, {"cart_id": wanted.cart_id}).first()
        if cart is None or cart.user_id != wanted.user_id:
            raise CartNotFound()
        if cart.status == CHECKED_OUT:
            existing = read_summary(connection, cart_id=wanted.cart_id)
            if existing is not None:
                return existing, False
        if cart.status != ACTIVE or cart.updated_at <= stock.fresh_since():
            raise CartNotFound()
        lines = [tuple(row) for row in connection.execute(_CART_LINES, {"cart_id": wanted.cart_id})]
        if cart.voucher_id is not None:
            wanted = replace(wanted, voucher_id=cart.voucher_id)
    order = _place(connection, wanted, lines)
    if wanted.cart_id is not None:
        connection.execute(_CLOSE_CART, {"cart_id": wanted.cart_id})
    delivery = wanted.delivery
    if delivery is not None and delivery.save_address and delivery.address is not None:
        save_if_new(connection, wanted.user_id, delivery.address)
    log.info("order placed order=%s number=%s user=%s", order.id, order.number, wanted.user_id)
    return order, True


def _place(
    connection: Connection, want: Wanted, wanted: list[tuple[uuid.UUID, int]]
) -> OrderSummary:
    """Lock the products in id order, check every line, take the stock, write the order."""
    user_id, cart_id = want.user_id, want.cart_id
    if not wanted:
        raise EmptyOrder()
    if len(wanted) > max_lines():  # a cart filled before the limit was lowered
        raise CartFull(max_lines())
    wanted = sorted(wanted)
    ids = [product_id for product_id, _ in wanted]
    products = {row.id: row for row in connection.execute(_LOCK_PRODUCTS, {"product_ids": ids})}
    if len(products) != len(ids):
        raise ProductNotFound()
    # Asked after the locks, in a statement of its own, so that it sees the latest commits.
    held = stock.reserved_by_product(ids, exclude_cart=cart_id)
    shortfalls = []
    for product_id, quantity in wanted:
        product = products[product_id]
        if product.active and not product.track_stock:
            continue  # nothing is counted: sold while active
        left = product.stock - held.get(product_id, 0) if product.active else 0
        if quantity > left:
            shortfalls.append(Shortfall(product_id, product.name, quantity, max(left, 0)))
    if shortfalls:
        raise StockShort(shortfalls)

    for product_id, quantity in wanted:
        if not products[product_id].track_stock:
            continue
        taken = connection.execute(_TAKE, {"product_id": product_id, "quantity": quantity})
        if taken.rowcount != 1:  # cannot happen while we hold the row lock; never oversell
            product = products[product_id]
            raise StockShort([Shortfall(product_id, product.name, quantity, product.stock)])

    discount = NO_DISCOUNT
    if want.voucher is not None or want.voucher_id is not None:  # checked again, under lock
        discount = voucher_uses.claim(
            connection,
            user_id,
            [(pid, products[pid].price_cents, quantity) for pid, quantity in wanted],
            code=want.voucher,
            voucher_id=want.voucher_id,
        )
    lines = tuple(
        LineSummary(
            product_id=product_id,
            name=products[product_id].name,
            unit_price_cents=products[product_id].price_cents,
            quantity=quantity,
            line_total_cents=products[product_id].price_cents * quantity,
            discount_cents=discount.of(product_id),
        )
        for product_id, quantity in wanted
    )
    # Lines less their discount: what "free from" is measured against, and the total's start.
    subtotal = sum(line.line_total_cents - line.discount_cents for line in lines)
    shipping = shipping_values(want.delivery, subtotal)
    order = OrderSummary(
        id=uuid.uuid4(),
        number=new_order_number(),
        user_id=user_id,
        status=PENDING_PAYMENT,
        lines=lines,
        total_cents=subtotal + shipping["shipping_cents"],
        currency=str(current_app.config["PAYMENT_CURRENCY"]),
        created_at=utcnow(),
        cart_id=cart_id,
        card_last4=want.card_last4,
        voucher_code=discount.code,
        discount_cents=discount.total_cents,
        **shipping,
    )
    connection.execute(
        _WRITE_ORDER,
        {
            "id": order.id,
            "number": order.number,
            "user_id": user_id,
            "cart_id": cart_id,
            "status": order.status,
            "total_cents": order.total_cents,
            "currency": order.currency,
            "created_at": order.created_at,
            "card_last4": order.card_last4,
            "voucher_code": order.voucher_code,
            "discount_cents": order.discount_cents,
            **shipping,
        },
    )
    connection.execute(
        _WRITE_LINES,
        [
            {
                "order_id": order.id,
                "product_id": line.product_id,
                "name": line.name,
                "unit_price_cents": line.unit_price_cents,
                "quantity": line.quantity,
                "line_total_cents": line.line_total_cents,
                "discount_cents": line.discount_cents,
            }
            for line in lines
        ],
    )
    if discount.voucher_id is not None:
        voucher_uses.record(connection, discount, order.id, user_id)
    return order

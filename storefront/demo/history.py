"""Demo history: an admin, some shoppers, and weeks of carts filled, emptied and bought.

Made once (when no cart event exists yet), through the real services, then moved
back in time so that the admin's report has something to show.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import func, select

from ..database import write_transaction
from ..extensions import db
from ..models import Cart, CartEvent, Order, OrderEvent, PaymentAttempt, Product
from ..payments.cards import Card
from ..payments.provider import PaymentProvider
from ..payments.sandbox import SUCCESS_CARD
from ..services import accounts, carts, checkout, payments, stock
from ..services.errors import ServiceError

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-pass-123"  # noqa: S105  (published in the README on purpose)
SHOPPER_PASSWORD = "shopper-pass-123"  # noqa: S105
SHOPPERS = ("ava", "ben", "chloe", "dan", "ella", "finn")
SESSIONS = 36
SEED = 7


def ensure_admin() -> bool:
    """Make the demo admin unless it exists; True when it was made."""
    if accounts.find_by_username(ADMIN_USERNAME) is not None:
        return False
    accounts.register(ADMIN_USERNAME, ADMIN_PASSWORD, name="Shop Admin", is_admin=True)
    return True


def seed_history(provider: PaymentProvider, progress: Callable[[int], object] | None = None) -> int:
    """Shopping sessions over the past four weeks; returns how many were made.

    ``progress`` is told of each session done (of ``SESSIONS``), for a progress bar."""
    if db.session.scalar(select(func.count()).select_from(CartEvent)):
        return 0
    rng = random.Random(SEED)
    shoppers = [_shopper(name) for name in SHOPPERS]
    candidates = list(
        db.session.scalars(
            select(Product.id)
            .where(Product.active.is_(True), Product.stock >= 8)
            .order_by(Product.id)
            .limit(60)
        )
    )
    if not candidates:
        return 0
    favourites = rng.sample(candidates, k=min(12, len(candidates)))
    made = 0
    for number in range(SESSIONS):
        if progress:
            progress(1)
        shopper = rng.choice(shoppers)
        try:
            cart_id = _fill_and_trim(rng, shopper, favourites)
        except ServiceError:
            continue
        ending = rng.random()
        if ending < 0.45:
            order = checkout.place_order_from_cart(cart_id, shopper)
            payments.pay(order.id, shopper, card(), provider)
        elif ending < 0.6:
            carts.delete_cart(cart_id, shopper)
        recent = number >= SESSIONS - 3  # a few carts stay open today
        move_back(cart_id, timedelta(0 if recent else rng.randint(1, 27), hours=rng.randint(0, 20)))
        made += 1
    return made


def _shopper(username: str) -> uuid.UUID:
    user = accounts.find_by_username(username)
    if user is None:
        user = accounts.register(username, SHOPPER_PASSWORD, name=username.capitalize())
    return user.id


def _fill_and_trim(
    rng: random.Random, shopper: uuid.UUID, favourites: list[uuid.UUID]
) -> uuid.UUID:
    cart_id = None
    chosen = rng.sample(favourites, k=rng.randint(1, 4))
    for product_id in chosen:
        if stock.available_quantity(product_id) < 3:
            continue
        cart_id = carts.add_item(cart_id, shopper, product_id, rng.randint(1, 3)).id
    if cart_id is None:
        raise ServiceError("nothing left to add")
    cart = carts.get_cart(cart_id, shopper)
    for line in list(cart.lines):
        roll = rng.random()
        if roll < 0.25:
            carts.remove_line(cart_id, shopper, line.product_id)
        elif roll < 0.45 and line.quantity > 1:
            carts.set_quantity(cart_id, shopper, line.product_id, line.quantity - 1)
    if not carts.get_cart(cart_id, shopper).lines:
        carts.add_item(cart_id, shopper, chosen[0], 1)
    return cart_id


def card() -> Card:
    """The sandbox's card that always pays."""
    expiry_year = (date.today().year + 3) % 100
    return Card(name="Demo Shopper", number=SUCCESS_CARD, expiry=f"12{expiry_year:02d}", cvv="123")


def move_back(cart_id: uuid.UUID, age: timedelta) -> None:
    """Shift a session's cart, events, order and payment into the past by ``age``."""
    if not age:
        return
    with write_transaction() as session:
        cart = session.get(Cart, cart_id)
        assert cart is not None
        cart.created_at -= age
        cart.updated_at -= age
        for event in session.scalars(select(CartEvent).where(CartEvent.cart_id == cart_id)):
            event.created_at -= age
        order = session.scalar(select(Order).where(Order.cart_id == cart_id))
        if order is not None:
            order.created_at -= age
            if order.paid_at:
                order.paid_at -= age
            for attempt in session.scalars(
                select(PaymentAttempt).where(PaymentAttempt.order_id == order.id)
            ):
                attempt.created_at -= age
                attempt.claimed_at -= age
            for order_event in session.scalars(
                select(OrderEvent).where(OrderEvent.order_id == order.id)
            ):
                order_event.created_at -= age

"""The cart a visitor uses on the HTML side, and a guest's cart folded in at login.

A signed-in user's current cart is their latest active cart (the API may hold several);
a guest's is the one their session names. Merging locks as every cart change does:
the carts first, then the products in id order.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..database import write_transaction
from ..extensions import db
from ..models import Cart, CartLine
from ..models.carts import DELETED, MERGE, MERGE_CAP
from . import stock
from .carts import (
    MAX_QUANTITY,
    CartNotFound,
    active_carts,
    get_cart,
    lock_cart,
    record_change,
    touch,
)

log = logging.getLogger("storefront.services.carts")  # merges log as cart changes do


def current_cart(owner_id: uuid.UUID | None, guest_cart_id: uuid.UUID | None) -> Cart | None:
    """The cart the HTML side shows: a user's latest active cart, or the guest's."""
    if owner_id is not None:
        carts = active_carts(owner_id)
        return carts[0] if carts else None
    if guest_cart_id is None:
        return None
    try:
        return get_cart(guest_cart_id, None)
    except CartNotFound:
        return None


def current_cart_id(
    owner_id: uuid.UUID | None, guest_cart_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The id of the cart ``current_cart`` would give, without loading it or its lines."""
    if owner_id is not None:
        statement = (
            select(Cart.id)
            .where(Cart.user_id == owner_id, stock.holding_carts())
            .order_by(Cart.updated_at.desc(), Cart.id)
            .limit(1)
        )
    elif guest_cart_id is not None:
        statement = select(Cart.id).where(
            Cart.id == guest_cart_id, Cart.user_id.is_(None), stock.holding_carts()
        )
    else:
        return None
    return db.session.scalar(statement)


def current_item_count(owner_id: uuid.UUID | None, guest_cart_id: uuid.UUID | None) -> int:
    """Units in the cart the HTML side shows (see ``current_cart``), in one statement."""
    if owner_id is not None:
        cart_id = (
            select(Cart.id)
            .where(Cart.user_id == owner_id, stock.holding_carts())
            .order_by(Cart.updated_at.desc(), Cart.id)
            .limit(1)
            .scalar_subquery()
        )
    elif guest_cart_id is not None:
        cart_id = (
            select(Cart.id)
            .where(Cart.id == guest_cart_id, Cart.user_id.is_(None), stock.holding_carts())
            .scalar_subquery()
        )
    else:
        return 0
    total = db.session.scalar(
        select(func.coalesce(func.sum(CartLine.quantity), 0)).where(CartLine.cart_id == cart_id)
    )
    return int(total or 0)


@dataclass
class MergeResult:
    """What a merge did: the cart now in use, and the lines it could not fill."""

    cart: Cart | None
    capped: list[tuple[str, int, int]] = field(default_factory=list)  # name, wanted, got


def merge_guest_cart(guest_cart_id: uuid.UUID | None, user_id: uuid.UUID) -> MergeResult:
    """Fold a guest's cart into the user's current cart, in one transaction.

    With no current cart the guest cart simply becomes the user's. Otherwise
    quantities are added, capped at what is available, and the guest cart closes.
    """
    if guest_cart_id is None:
        return MergeResult(current_cart(user_id, None))
    with write_transaction() as session:
        try:
            guest = lock_cart(session, guest_cart_id, None)
        except CartNotFound:
            return MergeResult(None)
        carts = active_carts(user_id)
        if not carts:
            guest.user_id = user_id
            touch(guest)
            log.info("cart merged cart=%s user=%s adopted=1", guest.id, user_id)
            return MergeResult(guest)
        target = lock_cart(session, carts[0].id, user_id)
        result = MergeResult(target)
        for guest_line in sorted(guest.lines, key=lambda line: str(line.product_id)):
            product = stock.lock_product(guest_line.product_id)
            assert product is not None
            line = target.line_for(product.id)
            held = line.quantity if line else 0
            wanted = held + guest_line.quantity
            room = stock.available_quantity(product.id, exclude_cart=target.id)
            room += guest_line.quantity  # the guest's own units come along
            got = max(held, min(wanted, room, MAX_QUANTITY)) if product.active else held
            # The units leave the guest cart and arrive in the user's; what could
            # not be kept is then taken out of the user's cart as a merge cap.
            record_change(session, guest, product.id, -guest_line.quantity, MERGE)
            record_change(session, target, product.id, guest_line.quantity, MERGE)
            if got < wanted:
                record_change(session, target, product.id, got - wanted, MERGE_CAP)
                result.capped.append((product.name, wanted, got))
            if line is None and got > 0:
                target.lines.append(CartLine(product_id=product.id, quantity=got))
            elif line is not None:
                line.quantity = got
        guest.lines.clear()
        guest.status = DELETED
        touch(guest)
        touch(target)
    log.info("cart merged cart=%s user=%s capped=%d", target.id, user_id, len(result.capped))
    return result

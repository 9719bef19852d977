"""The cart a visitor uses on the HTML side, and a guest's cart folded in at login.

A signed-in user's current cart is their latest active cart (the API may hold several);
a guest's is the one their session names. Merging locks as every cart change does:
the carts first, then the products in id order.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from ..database import write_transaction
from ..extensions import db
from ..models import Cart, CartLine
from ..models.carts import DELETED, MERGE, MERGE_CAP
from . import stock
from .cart_errors import CartNotFound
from .cart_limits import max_lines, max_quantity
from .carts import LINES, get_cart, latest_cart_query, lock_cart, record_change, touch

log = logging.getLogger("storefront.services.carts")  # merges log as cart changes do


def current_cart(owner_id: uuid.UUID | None, guest_cart_id: uuid.UUID | None) -> Cart | None:
    """The cart the HTML side shows: a user's latest active cart, or the guest's."""
    if owner_id is not None:
        latest = latest_cart_query(owner_id).scalar_subquery()
        return db.session.scalar(select(Cart).where(Cart.id == latest).options(LINES))
    if guest_cart_id is None:
        return None
    try:
        return get_cart(guest_cart_id, None)
    except CartNotFound:
        return None


# The id of the cart the HTML side shows, for a user and for a guest, and the units in it
# (every page's header shows them): built once per process, run with bound parameters.
_CARTS: dict[str, Select[tuple[uuid.UUID]]] = {
    "owner_id": latest_cart_query(bindparam("owner_id"), since=stock.FRESH_SINCE),
    "cart_id": select(Cart.id).where(
        Cart.id == bindparam("cart_id"),
        Cart.user_id.is_(None),
        stock.holding_carts(since=stock.FRESH_SINCE),
    ),
}
_COUNTS = {
    key: select(func.coalesce(func.sum(CartLine.quantity), 0)).where(
        CartLine.cart_id == cart.scalar_subquery()
    )
    for key, cart in _CARTS.items()
}


def _which_cart(
    owner_id: uuid.UUID | None, guest_cart_id: uuid.UUID | None
) -> tuple[str, dict[str, Any]] | None:
    """Which of ``_CARTS`` finds the cart ``current_cart`` gives, with its parameters; None
    when there can be none."""
    if owner_id is not None:
        return "owner_id", {"owner_id": owner_id, **stock.fresh_params()}
    if guest_cart_id is not None:
        return "cart_id", {"cart_id": guest_cart_id, **stock.fresh_params()}
    return None


def current_cart_id(
    owner_id: uuid.UUID | None, guest_cart_id: uuid.UUID | None
) -> uuid.UUID | None:
    """The id of the cart ``current_cart`` would give, without loading it or its lines."""
    found = _which_cart(owner_id, guest_cart_id)
    if found is None:
        return None
    return db.session.connection().scalar(_CARTS[found[0]], found[1])


def current_item_count(owner_id: uuid.UUID | None, guest_cart_id: uuid.UUID | None) -> int:
    """Units in the cart the HTML side shows (see ``current_cart``), in one statement."""
    found = _which_cart(owner_id, guest_cart_id)
    if found is None:
        return 0
    return int(db.session.connection().scalar(_COUNTS[found[0]], found[1]) or 0)


@dataclass
class MergeResult:
    """What a merge did: the cart now in use, and the lines it could not fill."""

    cart: Cart | None
    capped: list[tuple[str, int, int]] = field(default_factory=list)  # name, wanted, got
    # Products left out because the cart already held its most lines (CART_MAX_LINES).
    no_room: list[str] = field(default_factory=list)


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
        target_id = session.scalar(latest_cart_query(user_id))
        if target_id is None:
            guest.user_id = user_id
            touch(guest)
            log.info("cart merged cart=%s user=%s adopted=1", guest.id, user_id)
            return MergeResult(guest)
        target = lock_cart(session, target_id, user_id)
        result = MergeResult(target)
        guest_lines = sorted(guest.lines, key=lambda line: line.product_id)
        ids = [line.product_id for line in guest_lines]
        # Every product locked in one statement (in id order), what other carts hold of
        # them asked in one more: the merge costs the same for one line or a hundred.
        products = stock.lock_products(ids)
        held_elsewhere = stock.reserved_by_product(ids, exclude_cart=target.id)
        room_for_lines = max_lines() - len(target.lines)
        for guest_line in guest_lines:
            product = products[guest_line.product_id]
            line = target.line_for(product.id)
            held = line.quantity if line else 0
            wanted = held + guest_line.quantity
            # What no other cart holds (the guest's units among them: they come along); a
            # product whose stock is not tracked counts nothing.
            if product.track_stock:
                room = product.stock - held_elsewhere.get(product.id, 0) + guest_line.quantity
            else:
                room = max_quantity()
            got = max(held, min(wanted, room, max_quantity())) if product.active else held
            full = False
            if line is None and got > 0:
                if room_for_lines <= 0:
                    got, full = 0, True  # the cart is full: this product stays out
                room_for_lines -= 1
            # The units leave the guest cart and arrive in the user's; what could
            # not be kept is then taken out of the user's cart as a merge cap.
            record_change(session, guest, product.id, -guest_line.quantity, MERGE)
            record_change(session, target, product.id, guest_line.quantity, MERGE)
            if got < wanted:
                record_change(session, target, product.id, got - wanted, MERGE_CAP)
                if full:
                    result.no_room.append(product.name)
                else:
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

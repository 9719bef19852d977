"""Which cart a visitor's session holds, for guests, and the owner of new carts."""

from __future__ import annotations

import uuid

from flask import g, session
from flask_login import current_user

from ..models import Cart
from ..services import visitor_carts

SESSION_KEY = "cart_id"


def owner_id() -> uuid.UUID | None:
    """The signed-in user's id, or None for a guest."""
    return current_user.id if current_user.is_authenticated else None


def guest_cart_id() -> uuid.UUID | None:
    """The guest cart this session holds, if any."""
    value = session.get(SESSION_KEY)
    try:
        return uuid.UUID(value) if value else None
    except (TypeError, ValueError):
        return None


def remember(cart_id: uuid.UUID, user_id: uuid.UUID | None) -> None:
    """Hold a guest's cart in the session (a user's carts are found by owner)."""
    if user_id is None and session.get(SESSION_KEY) != str(cart_id):
        session[SESSION_KEY] = str(cart_id)


def forget() -> None:
    """Drop the guest cart from the session."""
    session.pop(SESSION_KEY, None)


def current_cart() -> Cart | None:
    """The visitor's current cart with its lines, kept for the rest of the request."""
    if "shown_cart" not in g:
        g.shown_cart = visitor_carts.current_cart(owner_id(), guest_cart_id())
    return g.shown_cart


def shown_item_count() -> int | None:
    """Units in the cart this request loaded with ``current_cart``; None if it did not."""
    if "shown_cart" not in g:
        return None
    return g.shown_cart.item_count if g.shown_cart is not None else 0

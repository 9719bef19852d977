"""A cart's bounds: units on one line and different products in one cart, from the settings
CART_MAX_QUANTITY and CART_MAX_LINES, and the quantity rule every face checks."""

from __future__ import annotations

from flask import current_app

from .errors import InvalidInput

# MAX_QUANTITY and MAX_LINES (rules.py) are the settings' defaults, which the OpenAPI
# document states; the rules read the settings: ``max_quantity()``, ``max_lines()``.


def max_quantity() -> int:
    """The most units one line of a cart or an order may hold (CART_MAX_QUANTITY)."""
    return int(current_app.config["CART_MAX_QUANTITY"])


def max_lines() -> int:
    """The most different products one cart or order may hold (CART_MAX_LINES)."""
    return int(current_app.config["CART_MAX_LINES"])


def quantity_rule(low: int = 1) -> str:
    """The quantity rule in words."""
    return f"Quantity must be a whole number from {low} to {max_quantity()}."


def check_quantity(quantity: object, *, allow_zero: bool = False) -> int:
    """``quantity`` as an int within the rules, else InvalidInput."""
    low = 0 if allow_zero else 1
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidInput({"quantity": quantity_rule(low)})
    if not low <= quantity <= max_quantity():
        raise InvalidInput({"quantity": quantity_rule(low)})
    return quantity

"""Stock on hand, what carts hold of it, and what is left to sell."""

from __future__ import annotations

import uuid


def reserved_quantity(product_id: uuid.UUID) -> int:
    """Units of the product held by active carts (carts arrive with the cart service)."""
    return 0

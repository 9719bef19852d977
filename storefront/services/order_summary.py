"""An order as plain values: what buying hands back to pages and the API.

Buying carries these across its transactions instead of ORM objects, which would be
expired at each commit and read again attribute by attribute. The fields are named as
the ``Order`` model's, so the API's order schema dumps either one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select

from ..models import Order, OrderLine
from ..models.orders import ADDRESS_FIELDS, PENDING_PAYMENT, ship_to, shipping_of
from .delivery import Delivery

ORDERS = Order.__table__
ORDER_LINES = OrderLine.__table__


@dataclass(frozen=True)
class LineSummary:
    """One line as it was sold."""

    product_id: uuid.UUID
    name: str
    unit_price_cents: int
    quantity: int
    line_total_cents: int  # before the discount
    discount_cents: int = 0


@dataclass(frozen=True)
class OrderSummary:
    """An order and its lines, read once."""

    id: uuid.UUID
    number: str
    user_id: uuid.UUID
    status: str
    lines: tuple[LineSummary, ...]
    total_cents: int
    currency: str
    created_at: datetime
    cart_id: uuid.UUID | None = None
    payment_id: str | None = None
    card_last4: str | None = None
    paid_at: datetime | None = None
    cancelled_at: datetime | None = None
    voucher_code: str | None = None
    discount_cents: int = 0
    # The copies the order keeps of where it goes and how (see ``shipping_values``).
    ship_full_name: str | None = None
    ship_line1: str | None = None
    ship_line2: str | None = None
    ship_city: str | None = None
    ship_postal_code: str | None = None
    ship_country: str | None = None
    ship_phone: str | None = None
    shipping_method: str | None = None
    shipping_cents: int = 0

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING_PAYMENT

    @property
    def ship_to(self) -> dict[str, str | None] | None:
        """The address copied at checkout; None when there is none."""
        return ship_to(self)

    @property
    def shipping(self) -> dict[str, object] | None:
        """The shipping method's name and price as placed."""
        return shipping_of(self)

    def with_values(self, **changes: object) -> OrderSummary:
        """A copy with some fields changed (after a payment was recorded, say)."""
        return replace(self, **changes)  # type: ignore[arg-type]


_ORDER = select(
    ORDERS.c.id,
    ORDERS.c.number,
    ORDERS.c.user_id,
    ORDERS.c.status,
    ORDERS.c.total_cents,
    ORDERS.c.currency,
    ORDERS.c.created_at,
    ORDERS.c.cart_id,
    ORDERS.c.payment_id,
    ORDERS.c.card_last4,
    ORDERS.c.paid_at,
    ORDERS.c.cancelled_at,
    ORDERS.c.voucher_code,
    ORDERS.c.discount_cents,
    *(ORDERS.c[f"ship_{name}"] for name in ADDRESS_FIELDS),
    ORDERS.c.shipping_method,
    ORDERS.c.shipping_cents,
)
_BY_ID = _ORDER.where(ORDERS.c.id == bindparam("order_id"))
_BY_CART = _ORDER.where(ORDERS.c.cart_id == bindparam("cart_id"))
_LINES = (
    select(
        ORDER_LINES.c.product_id,
        ORDER_LINES.c.name,
        ORDER_LINES.c.unit_price_cents,
        ORDER_LINES.c.quantity,
        ORDER_LINES.c.line_total_cents,
        ORDER_LINES.c.discount_cents,
    )
    .where(ORDER_LINES.c.order_id == bindparam("order_id"))
    .order_by(ORDER_LINES.c.id)
)


def read_summary(
    connection: Connection,
    *,
    order_id: uuid.UUID | None = None,
    cart_id: uuid.UUID | None = None,
) -> OrderSummary | None:
    """The order with this id (or placed from this cart), with its lines; None if none."""
    if order_id is not None:
        row = connection.execute(_BY_ID, {"order_id": order_id}).mappings().first()
    else:
        row = connection.execute(_BY_CART, {"cart_id": cart_id}).mappings().first()
    if row is None:
        return None
    lines = tuple(
        LineSummary(*line) for line in connection.execute(_LINES, {"order_id": row["id"]})
    )
    return OrderSummary(lines=lines, **row)


def shipping_values(delivery: Delivery | None, subtotal_cents: int) -> dict[str, Any]:
    """The order's columns for ``delivery``, for lines that come to ``subtotal_cents``:
    the address copied field by field, the method's name and what it costs this order."""
    values: dict[str, Any] = {f"ship_{name}": None for name in ADDRESS_FIELDS}
    if delivery is None:
        return {**values, "shipping_method": None, "shipping_cents": 0}
    if delivery.address is not None:
        for name in ADDRESS_FIELDS:
            values[f"ship_{name}"] = getattr(delivery.address, name)
    values["shipping_method"] = delivery.method.name
    values["shipping_cents"] = delivery.method.price_for(subtotal_cents)
    return values

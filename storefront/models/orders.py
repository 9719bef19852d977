"""Orders, their lines as they were sold, and each attempt to pay for them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rules import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_NAME_MAX_LENGTH,
    CARRIER_MAX_LENGTH,
    CITY_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    POSTAL_CODE_MAX_LENGTH,
    SHIPPING_NAME_MAX_LENGTH,
    TRACKING_MAX_LENGTH,
    VOUCHER_CODE_MAX_LENGTH,
)
from .base import UTCDateTime, utcnow
from .catalogue import Product
from .users import User

if TYPE_CHECKING:
    from .order_events import OrderEvent
    from .refunds import Refund

PENDING_PAYMENT = "pending_payment"
PAID = "paid"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
REFUNDED = "refunded"
# The order's life (SPEC 8); which status may follow which is services/order_states.py.
ORDER_STATUSES = (PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED, REFUNDED)


class Order(db.Model):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', "
            "'refunded')",
            name="known_status",
        ),
        CheckConstraint("total_cents >= 0", name="total_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # The cart this order was placed from: one order per cart, so a second submit finds it.
    cart_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("carts.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=PENDING_PAYMENT)
    total_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    payment_id: Mapped[str | None] = mapped_column(String(100))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    # The voucher's code as it was typed at checkout, and what it took off the lines.
    voucher_code: Mapped[str | None] = mapped_column(String(VOUCHER_CODE_MAX_LENGTH))
    discount_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where it goes and how, copied at checkout: editing the address book or the shipping
    # method later never changes an order. No address for a method that needs none.
    ship_full_name: Mapped[str | None] = mapped_column(String(ADDRESS_NAME_MAX_LENGTH))
    ship_line1: Mapped[str | None] = mapped_column(String(ADDRESS_LINE_MAX_LENGTH))
    ship_line2: Mapped[str | None] = mapped_column(String(ADDRESS_LINE_MAX_LENGTH))
    ship_city: Mapped[str | None] = mapped_column(String(CITY_MAX_LENGTH))
    ship_postal_code: Mapped[str | None] = mapped_column(String(POSTAL_CODE_MAX_LENGTH))
    ship_country: Mapped[str | None] = mapped_column(String(2))
    ship_phone: Mapped[str | None] = mapped_column(String(PHONE_MAX_LENGTH))
    shipping_method: Mapped[str | None] = mapped_column(String(SHIPPING_NAME_MAX_LENGTH))
    shipping_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    carrier: Mapped[str | None] = mapped_column(String(CARRIER_MAX_LENGTH))
    tracking_number: Mapped[str | None] = mapped_column(String(TRACKING_MAX_LENGTH))

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.id", lazy="selectin"
    )
    attempts: Mapped[list[PaymentAttempt]] = relationship(
        back_populates="order", order_by="PaymentAttempt.number", lazy="selectin"
    )
    # Read only where one order is shown whole (the API's order); pages read the timeline.
    events: Mapped[list[OrderEvent]] = relationship(order_by="OrderEvent.id", viewonly=True)
    refunds: Mapped[list[Refund]] = relationship(order_by="Refund.number", viewonly=True)

    @property
    def is_pending(self) -> bool:
        """Whether the order still waits for its payment."""
        return self.status == PENDING_PAYMENT

    @property
    def ship_to(self) -> dict[str, str | None] | None:
        """The address copied at checkout, as the API shows it; None when there is none."""
        return ship_to(self)

    @property
    def shipping(self) -> dict[str, object] | None:
        """The shipping method's name and price as placed; None for orders from before."""
        return shipping_of(self)

    @property
    def refunded_cents(self) -> int:
        """How much went back to the customer (refunds the provider confirmed)."""
        return sum(refund.amount_cents for refund in self.refunds if refund.status == "succeeded")


ADDRESS_FIELDS = ("full_name", "line1", "line2", "city", "postal_code", "country", "phone")


def ship_to(order: object) -> dict[str, str | None] | None:
    """The ``ship_*`` values of an order (a row or a summary) as an address, or None."""
    if getattr(order, "ship_line1", None) is None:
        return None
    return {name: getattr(order, f"ship_{name}") for name in ADDRESS_FIELDS}


def shipping_of(order: object) -> dict[str, object] | None:
    """An order's (a row's or a summary's) shipping as ``{method, price_cents}``, or None."""
    name = getattr(order, "shipping_method", None)
    if name is None:
        return None
    return {"method": name, "price_cents": getattr(order, "shipping_cents", 0)}


class OrderLine(db.Model):
    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        # Refunded never more than sold; returned to stock never more than refunded.
        CheckConstraint(
            "refunded_quantity >= 0 AND refunded_quantity <= quantity", name="refunded_in_range"
        ),
        CheckConstraint(
            "returned_quantity >= 0 AND returned_quantity <= quantity", name="returned_in_range"
        ),
        Index("ix_order_lines_order", "order_id"),
        Index("ix_order_lines_product", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"))
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    # As they were at checkout: later changes to the product never touch an order.
    name: Mapped[str] = mapped_column(String(120))
    unit_price_cents: Mapped[int]
    quantity: Mapped[int]
    line_total_cents: Mapped[int]  # before the discount
    discount_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    # Units refunded (or being refunded), and units whose goods came back to stock.
    refunded_quantity: Mapped[int] = mapped_column(default=0, server_default="0")
    returned_quantity: Mapped[int] = mapped_column(default=0, server_default="0")

    order: Mapped[Order] = relationship(back_populates="lines")
    # The product today, for its picture only: what was sold is the line's own copy above.
    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True, viewonly=True)


# What became of one attempt to pay.
IN_FLIGHT = "in_flight"  # the provider is being asked right now
ATTEMPT_PAID = "paid"
DECLINED = "declined"  # definitely no money: a new attempt may start
UNKNOWN = "unknown"  # no trustworthy answer: a retry must reuse the key
NOT_CHARGED = "not_charged"  # the provider's look-up found no charge (order then cancelled)
ATTEMPT_STATUSES = (IN_FLIGHT, ATTEMPT_PAID, DECLINED, UNKNOWN, NOT_CHARGED)


class PaymentAttempt(db.Model):
    __tablename__ = "payment_attempts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('in_flight', 'paid', 'declined', 'unknown', 'not_charged')",
            name="known_status",
        ),
        Index("uq_payment_attempts_order_number", "order_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"))
    number: Mapped[int]
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=IN_FLIGHT)
    payment_id: Mapped[str | None] = mapped_column(String(100))
    amount_cents: Mapped[int]
    card_last4: Mapped[str] = mapped_column(String(4))
    card_brand: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the provider was last asked under this key: an in-flight claim older
    # than the longest a call can take is known to be abandoned.
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    order: Mapped[Order] = relationship(back_populates="attempts")


Index("ix_orders_user_created", Order.user_id, Order.created_at)
Index("ix_orders_status_created", Order.status, Order.created_at)

"""Carts, their lines, and the append-only record of every change to a line."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .catalogue import Product
from .users import User

if TYPE_CHECKING:
    from .vouchers import CartVoucher

ACTIVE = "active"
CHECKED_OUT = "checked_out"
DELETED = "deleted"
EXPIRED = "expired"
CART_STATUSES = (ACTIVE, CHECKED_OUT, DELETED, EXPIRED)


class Cart(db.Model):
    __tablename__ = "carts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('active', 'checked_out', 'deleted', 'expired')", name="known_status"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    # None for a guest's cart, which the guest's session holds by id.
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When a line last changed: the cart expires CART_TTL_MINUTES after it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship(lazy="joined")
    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart",
        cascade="all, delete-orphan",
        order_by="CartLine.id",
        lazy="selectin",
    )
    # The voucher the cart carries, read with the cart (services/cart_vouchers changes it).
    voucher_link: Mapped[CartVoucher | None] = relationship(lazy="joined", viewonly=True)

    @property
    def total_cents(self) -> int:
        """What the cart's lines cost together, in cents."""
        return sum(line.total_cents for line in self.lines)

    @property
    def item_count(self) -> int:
        """Units in the cart, over all its lines."""
        return sum(line.quantity for line in self.lines)

    def line_for(self, product_id: uuid.UUID) -> CartLine | None:
        """The cart's line for ``product_id``, if it has one."""
        return next((line for line in self.lines if line.product_id == product_id), None)


class CartLine(db.Model):
    __tablename__ = "cart_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        Index("uq_cart_lines_cart_product", "cart_id", "product_id", unique=True),
        Index("ix_cart_lines_product", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("carts.id"))
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]

    cart: Mapped[Cart] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True)

    @property
    def total_cents(self) -> int:
        """What the line costs at the product's price now, in cents."""
        return self.quantity * self.product.price_cents


# What kind of change a cart event records.
ADD = "add"  # a shopper added units
SET = "set"  # a shopper set the quantity (delta may be either sign)
REMOVE = "remove"  # a shopper removed the line
MERGE = "merge"  # units moved from a guest cart into the user's cart at login
MERGE_CAP = "merge_cap"  # units dropped at login because no more were available
CART_DELETED = "cart_deleted"  # the shopper deleted the whole cart
# The cart expired with the line in it (written when it is marked expired, dated when it
# expired); not a removal: the shopper did nothing.
CART_EXPIRED = "cart_expired"
EVENT_KINDS = (ADD, SET, REMOVE, MERGE, MERGE_CAP, CART_DELETED, CART_EXPIRED)


class CartEvent(db.Model):
    """One change to a cart line. Rows are only ever inserted."""

    __tablename__ = "cart_events"
    __table_args__ = (
        CheckConstraint("delta <> 0", name="delta_not_zero"),
        Index("ix_cart_events_created_product", "created_at", "product_id"),
        Index("ix_cart_events_cart", "cart_id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True
    )
    cart_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("carts.id"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    delta: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_carts_user_status", Cart.user_id, Cart.status, Cart.updated_at)
Index("ix_carts_status_updated", Cart.status, Cart.updated_at)

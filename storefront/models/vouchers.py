"""Vouchers: what each takes off, for whom and how often, and every use of one."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rules import VOUCHER_CODE_MAX_LENGTH
from .base import UTCDateTime, utcnow

PERCENT = "percent"
AMOUNT = "amount"


class Voucher(db.Model):
    __tablename__ = "vouchers"
    __table_args__ = (
        CheckConstraint("kind IN ('percent', 'amount')", name="known_kind"),
        CheckConstraint("value > 0", name="value_positive"),
        CheckConstraint("kind <> 'percent' OR value <= 10000", name="percent_at_most_100"),
        CheckConstraint("used >= 0", name="used_not_negative"),
        CheckConstraint("usage_limit IS NULL OR used <= usage_limit", name="used_within_limit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(VOUCHER_CODE_MAX_LENGTH))  # as the admin typed it
    # The code in capitals: codes are unique, and found, regardless of case.
    code_key: Mapped[str] = mapped_column(String(VOUCHER_CODE_MAX_LENGTH), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    # Cents for an amount, hundredths of a per cent for a percentage (1250 is 12.5 %).
    value: Mapped[int]
    minimum_spend_cents: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    usage_limit: Mapped[int | None]
    per_customer_limit: Mapped[int | None]
    # Uses by orders that are not cancelled; checkout raises it under the row's lock.
    used: Mapped[int] = mapped_column(default=0)
    batch: Mapped[str | None] = mapped_column(String(36), index=True)  # generated together
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    targets: Mapped[list[VoucherTarget]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="VoucherTarget.id"
    )
    customers: Mapped[list[VoucherCustomer]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="VoucherCustomer.id"
    )


class VoucherTarget(db.Model):
    """One product, brand or category the voucher is limited to (none: the whole order)."""

    __tablename__ = "voucher_targets"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN product_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN brand_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN category_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        Index("ix_voucher_targets_voucher", "voucher_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id", ondelete="CASCADE"))
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"))
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))


class VoucherCustomer(db.Model):
    """A customer the voucher is for (none: anyone)."""

    __tablename__ = "voucher_customers"
    __table_args__ = (
        Index("uq_voucher_customers_voucher_user", "voucher_id", "user_id", unique=True),
        Index("ix_voucher_customers_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))


class VoucherRedemption(db.Model):
    """One order that used a voucher; ``released_at`` once a cancelled order gave it back."""

    __tablename__ = "voucher_redemptions"
    __table_args__ = (
        Index("ix_voucher_redemptions_voucher_user", "voucher_id", "user_id"),
        CheckConstraint("discount_cents >= 0", name="discount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"))
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    discount_cents: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CartVoucher(db.Model):
    """The voucher a cart carries to checkout (one per cart)."""

    __tablename__ = "cart_vouchers"

    cart_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("carts.id", ondelete="CASCADE"), primary_key=True
    )
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id", ondelete="CASCADE"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    voucher: Mapped[Voucher] = relationship(lazy="joined", innerjoin=True)

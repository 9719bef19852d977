"""Campaigns: a discount offered to the customers a rule finds, and who got what."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rules import CAMPAIGN_NAME_MAX_LENGTH
from .base import UTCDateTime, utcnow

# Whom a campaign targets (rules.CAMPAIGN_TARGETS).
REMOVED = "removed"  # took the products out of a cart and has not bought them since
ABANDONED = "abandoned"  # left them in a cart that expired, and has not bought them since
# Which group a customer of the target falls in.
TARGETED = "targeted"  # gets a personal voucher by e-mail
HELD_OUT = "held_out"  # gets nothing, so the campaign's effect can be measured


class Campaign(db.Model):
    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("target IN ('removed', 'abandoned')", name="known_target"),
        CheckConstraint("discount_percent BETWEEN 1 AND 100", name="discount_in_range"),
        CheckConstraint("valid_days >= 1", name="valid_days_positive"),
        CheckConstraint("hold_out_percent BETWEEN 0 AND 90", name="hold_out_in_range"),
        CheckConstraint("removed_until > removed_from", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(CAMPAIGN_NAME_MAX_LENGTH))  # made from the choices
    target: Mapped[str] = mapped_column(String(16))
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id"))
    # The window the removals (or the carts' expiry) fall in: [removed_from, removed_until).
    removed_from: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_until: Mapped[datetime] = mapped_column(UTCDateTime)
    discount_percent: Mapped[int]
    valid_days: Mapped[int]
    hold_out_percent: Mapped[int]
    # What was asked for, as a digest: the same campaign asked for again is this one.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    products: Mapped[list[CampaignProduct]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CampaignProduct.product_id"
    )

    @property
    def product_ids(self) -> list[uuid.UUID]:
        return [item.product_id for item in self.products]


class CampaignProduct(db.Model):
    """One product a campaign is about (none: its brand's products)."""

    __tablename__ = "campaign_products"

    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    )
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), primary_key=True)


class CampaignMember(db.Model):
    """One customer of a campaign's target: sent a voucher, or held out."""

    __tablename__ = "campaign_members"
    __table_args__ = (
        CheckConstraint("member_group IN ('targeted', 'held_out')", name="known_group"),
        CheckConstraint(
            "(member_group = 'targeted') = (voucher_id IS NOT NULL)", name="voucher_if_targeted"
        ),
        Index("uq_campaign_members_campaign_user", "campaign_id", "user_id", unique=True),
        Index("ix_campaign_members_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    member_group: Mapped[str] = mapped_column(String(10))
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("vouchers.id"), unique=True)

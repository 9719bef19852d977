"""Refunds: each attempt to give money back through the provider, and the lines it covers."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

# What became of one refund.
REFUND_IN_FLIGHT = "in_flight"  # the provider is being asked right now
REFUND_SUCCEEDED = "succeeded"  # the money went back
REFUND_REFUSED = "refused"  # the provider said no (400): nothing went back
REFUND_UNKNOWN = "unknown"  # no trustworthy answer: settled or retried under the same key
REFUND_STATUSES = (REFUND_IN_FLIGHT, REFUND_SUCCEEDED, REFUND_REFUSED, REFUND_UNKNOWN)
REFUND_OPEN = (REFUND_IN_FLIGHT, REFUND_UNKNOWN)


class Refund(db.Model):
    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint(
            "status IN ('in_flight', 'succeeded', 'refused', 'unknown')", name="known_status"
        ),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        Index("uq_refunds_order_number", "order_id", "number", unique=True),
        Index("ix_refunds_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"))
    number: Mapped[int]
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)  # <order id>-r<n>
    status: Mapped[str] = mapped_column(String(16), default=REFUND_IN_FLIGHT)
    amount_cents: Mapped[int]
    payment_id: Mapped[str] = mapped_column(String(100))
    provider_refund_id: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the provider was last asked under this key (as for payment attempts).
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    lines: Mapped[list[RefundLine]] = relationship(order_by="RefundLine.id", lazy="selectin")


class RefundLine(db.Model):
    __tablename__ = "refund_lines"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        Index("ix_refund_lines_refund", "refund_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id"))
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    quantity: Mapped[int]
    amount_cents: Mapped[int]
    returned: Mapped[int] = mapped_column(default=0)  # units put back in stock with it

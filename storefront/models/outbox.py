"""The outbox: each e-mail the shop owes someone, written in the transaction that causes it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow

# What became of a message.
PENDING = "pending"  # to be sent (now, or at next_attempt_at after a failure)
SENT = "sent"  # handed to the mail server (or written as a file)
FAILED = "failed"  # the mail server refused it for good (kept, with the reason)
MESSAGE_STATUSES = (PENDING, SENT, FAILED)


class OutboxMessage(db.Model):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="known_status"),
        Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the message is about, e.g. ``order-confirmation:<order id>``: queued once.
    key: Mapped[str] = mapped_column(String(200), unique=True)
    template: Mapped[str] = mapped_column(String(60))
    to_address: Mapped[str] = mapped_column(String(320))
    context: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Made when queued, so that every try of one message carries the same Message-ID.
    message_id: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    # A worker that is sending it right now: its claim, and when that claim lapses.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

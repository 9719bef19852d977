"""Counters of the log-in throttle, when they are kept in the shop's database (no Redis)."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RateLimitCounter(db.Model):
    """One fixed window's count: every app process reads and adds to the same row."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    # Seconds since the epoch (the limits library's clock): when this window ends.
    expires_at: Mapped[float] = mapped_column(Float, index=True)

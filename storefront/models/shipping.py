"""The ways an order can reach its customer, with their prices; managed by admins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, func, true
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..rules import SHIPPING_NAME_MAX_LENGTH, shipping_price
from .base import UTCDateTime, utcnow


class ShippingMethod(db.Model):
    __tablename__ = "shipping_methods"
    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
        CheckConstraint("free_from_cents IS NULL OR free_from_cents >= 0", name="free_from_ok"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(SHIPPING_NAME_MAX_LENGTH))
    price_cents: Mapped[int]
    # Orders whose lines come to at least this much ship at no charge.
    free_from_cents: Mapped[int | None]
    # False for a method such as "Collect in store": the order needs no address.
    needs_address: Mapped[bool] = mapped_column(default=True, server_default=true())
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def price_for(self, subtotal_cents: int) -> int:
        """What this method costs for lines that come to ``subtotal_cents``."""
        return shipping_price(self.price_cents, self.free_from_cents, subtotal_cents)


# Names are unique regardless of case.
Index("uq_shipping_methods_name_lower", func.lower(ShippingMethod.name), unique=True)

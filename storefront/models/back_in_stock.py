"""Customers waiting for a product to be sold again ("Notify me when available")."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class BackInStockRequest(db.Model):
    """One waiting customer for one product; removed when their e-mail is queued."""

    __tablename__ = "back_in_stock_requests"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# One request per customer and product; also how the sweep finds a product's waiting list.
Index(
    "uq_back_in_stock_requests_product_user",
    BackInStockRequest.product_id,
    BackInStockRequest.user_id,
    unique=True,
)
Index("ix_back_in_stock_requests_user", BackInStockRequest.user_id)

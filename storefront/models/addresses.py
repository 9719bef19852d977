"""A customer's address book: the places their orders may be sent to."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Uuid, false
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..rules import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_NAME_MAX_LENGTH,
    CITY_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    POSTAL_CODE_MAX_LENGTH,
)
from .base import UTCDateTime, utcnow


class Address(db.Model):
    __tablename__ = "addresses"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    full_name: Mapped[str] = mapped_column(String(ADDRESS_NAME_MAX_LENGTH))
    line1: Mapped[str] = mapped_column(String(ADDRESS_LINE_MAX_LENGTH))
    line2: Mapped[str | None] = mapped_column(String(ADDRESS_LINE_MAX_LENGTH))
    city: Mapped[str] = mapped_column(String(CITY_MAX_LENGTH))
    postal_code: Mapped[str] = mapped_column(String(POSTAL_CODE_MAX_LENGTH))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX_LENGTH))
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


Index("ix_addresses_user_created", Address.user_id, Address.created_at)
# At most one default address per customer, kept by the database itself.
Index(
    "uq_addresses_user_default",
    Address.user_id,
    unique=True,
    sqlite_where=Address.is_default,
    postgresql_where=Address.is_default,
)

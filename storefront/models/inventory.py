"""The warehouse feed's inbox: events handled, what is known of each item, events set aside."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..rules import PRODUCT_NAME_MAX_LENGTH
from .base import UTCDateTime, utcnow


class InventoryEvent(db.Model):
    """An event id the shop has handled; a second delivery of it changes nothing.

    ``outcome`` is ``applied`` (it changed something), ``superseded`` (newer events had
    already set everything it carries) or ``held`` (its item had not been created yet; its
    values wait in ``InventoryItem`` and take effect when the item's ``item.created`` comes).
    """

    __tablename__ = "inventory_events"

    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    type: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))

    def __repr__(self) -> str:
        return f"<InventoryEvent {self.type} {self.event_id}>"


class InventoryItem(db.Model):
    """The newest values the warehouse sent for one item, each with the event that set it.

    Fields come in three groups, each with its own version (``occurred_at`` and event id):
    details (name and price), active, and stock. An event changes a group only when it is
    newer than the group's version, so a late event never undoes a newer one, while still
    applying the groups that nothing newer has touched.
    """

    __tablename__ = "inventory_items"

    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(PRODUCT_NAME_MAX_LENGTH))
    price_cents: Mapped[int | None]
    details_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    details_event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    active: Mapped[bool | None]
    active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active_event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    stock: Mapped[int | None]
    stock_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stock_event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<InventoryItem {self.item_id}>"


class SetAsideEvent(db.Model):
    """A message the shop could not apply, kept with the reason for admins to read.

    ``code`` is ``malformed``, ``conflict`` (it would break a rule of the catalogue) or
    ``unknown_item``; the last kind is ``resolved_at`` once its item is created.
    """

    __tablename__ = "inventory_set_aside"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    event_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    item_id: Mapped[str | None] = mapped_column(String(64), index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<SetAsideEvent {self.code} {self.id}>"


# The admin page lists both newest first.
Index("ix_inventory_set_aside_received_id", SetAsideEvent.received_at, SetAsideEvent.id)

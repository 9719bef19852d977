"""Messages set aside with their reason, one log line per event, and what admins read."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from ...database import write_transaction
from ...extensions import db
from ...models import InventoryEvent, SetAsideEvent
from .events import EventRejected, as_text

log = logging.getLogger("storefront.services.inventory")  # one logger for the whole feed

SOURCE_BROKER = "broker"
SOURCE_WEBHOOK = "webhook"


@dataclass(frozen=True)
class Outcome:
    """What handling one message did.

    ``status`` is ``applied``, ``duplicate``, ``superseded``, ``held`` or ``set_aside``
    (then ``code`` and ``reason`` say why).
    """

    status: str
    event_id: uuid.UUID | None = None
    event_type: str | None = None
    item_id: str | None = None
    product_id: uuid.UUID | None = None
    changed: tuple[str, ...] = ()
    code: str | None = None
    reason: str | None = None


def set_aside(body: bytes | str, error: EventRejected, *, source: str) -> Outcome:
    """Keep a message that cannot be applied, with the reason; once per event id and reason."""
    with write_transaction() as session:
        already = None
        if error.event_id is not None:
            already = session.scalar(
                select(SetAsideEvent.id)
                .where(
                    SetAsideEvent.event_id == error.event_id,
                    SetAsideEvent.code == error.code,
                    SetAsideEvent.reason == error.message[:255],
                )
                .limit(1)
            )
        if already is None:
            session.add(
                SetAsideEvent(
                    source=source,
                    code=error.code,
                    reason=error.message[:255],
                    body=as_text(body),
                    event_id=error.event_id,
                    item_id=error.item_id,
                )
            )
    outcome = Outcome(
        "set_aside",
        error.event_id,
        None,
        error.item_id,
        code=error.code,
        reason=error.message,
    )
    log_outcome(outcome, source)
    return outcome


def log_outcome(outcome: Outcome, source: str) -> None:
    """One line per event handled (a business event, SPEC section 7)."""
    fields = {
        "event": "inventory_event",
        "status": outcome.status,
        "event_id": str(outcome.event_id) if outcome.event_id else None,
        "type": outcome.event_type,
        "item": outcome.item_id,
        "product": str(outcome.product_id) if outcome.product_id else None,
        "changed": ",".join(outcome.changed) or None,
        "code": outcome.code,
        "reason": outcome.reason,
        "source": source,
    }
    text = " ".join(
        f'{key}="{value}"' if key == "reason" else f"{key}={value}"
        for key, value in fields.items()
        if value and key != "event"
    )
    level = logging.WARNING if outcome.status in ("held", "set_aside") else logging.INFO
    log.log(level, "inventory event %s", text, extra={"fields": fields})


@dataclass
class SetAsidePage:
    """One page of set-aside events, newest first."""

    items: list[SetAsideEvent]
    page: int
    per_page: int
    total: int

    @property
    def has_prev(self) -> bool:
        """Whether a page comes before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a page comes after this one."""
        return self.page * self.per_page < self.total


def set_aside_events(page: int = 1, per_page: int = 25) -> SetAsidePage:
    """A page of set-aside events, newest first."""
    page = max(page, 1)
    total = db.session.scalar(select(func.count()).select_from(SetAsideEvent)) or 0
    rows = db.session.scalars(
        select(SetAsideEvent)
        .order_by(SetAsideEvent.received_at.desc(), SetAsideEvent.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return SetAsidePage(list(rows), page, per_page, total)


def recent_events(limit: int = 25) -> list[InventoryEvent]:
    """The events most recently handled, newest first."""
    return list(
        db.session.scalars(
            select(InventoryEvent)
            .order_by(InventoryEvent.applied_at.desc(), InventoryEvent.event_id)
            .limit(limit)
        )
    )

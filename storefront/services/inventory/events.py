"""Reading a warehouse message: the event types, their shape, and what makes one malformed."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ...models.base import utcnow
from ...rules import MAX_CENTS, MAX_STOCK, product_name_problem
from ..errors import ServiceError
from ..json_input import InvalidJson, load_json

CREATED = "item.created"
UPDATED = "item.updated"
STATUS_TOGGLED = "item.status_toggled"
STOCK_SET = "item.stock_set"
EVENT_TYPES = (CREATED, UPDATED, STATUS_TOGGLED, STOCK_SET)

DETAILS, ACTIVE, STOCK = "details", "active", "stock"
# The item fields each type must carry, and the groups it sets.
REQUIRED_FIELDS = {
    CREATED: ("name", "price", "active"),
    UPDATED: ("name", "price"),
    STATUS_TOGGLED: ("active",),
    STOCK_SET: ("quantity",),
}
GROUPS = {
    CREATED: (DETAILS, ACTIVE, STOCK),
    UPDATED: (DETAILS,),
    STATUS_TOGGLED: (ACTIVE,),
    STOCK_SET: (STOCK,),
}

ITEM_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# A clock far ahead would freeze an item (nothing later could be newer): refuse it.
FUTURE_TOLERANCE = timedelta(hours=1)
KEPT_BODY_CHARS = 65536


class EventRejected(ServiceError):
    """The event cannot be applied; it is set aside with ``message`` as the reason."""

    code = "rejected"

    def __init__(
        self, message: str, event_id: uuid.UUID | None = None, item_id: str | None = None
    ) -> None:
        super().__init__(message)
        self.event_id = event_id
        self.item_id = item_id


class MalformedEvent(EventRejected):
    """The message is not an item event of the agreed shape."""

    code = "malformed"


class EventConflict(EventRejected):
    """Applying the event would break a catalogue rule (a name already taken)."""

    code = "conflict"


@dataclass(frozen=True)
class ItemEvent:
    """One validated warehouse event; ``body`` is the message as received."""

    id: uuid.UUID
    type: str
    occurred_at: datetime
    item_id: str
    name: str | None = None
    price_cents: int | None = None
    active: bool | None = None
    quantity: int | None = None
    body: str = ""

    def groups(self) -> tuple[str, ...]:
        """The field groups this event sets."""
        if self.type == CREATED and self.quantity is None:
            return (DETAILS, ACTIVE)
        return GROUPS[self.type]


def parse_event(body: bytes | str) -> ItemEvent:
    """The event in ``body``; raises MalformedEvent saying what is wrong."""
    try:
        data = load_json(body)
    except InvalidJson as error:
        said = str(error).rstrip(".")  # as the feed's other reasons: lower case, no stop
        raise MalformedEvent(said[:1].lower() + said[1:]) from None
    if not isinstance(data, dict):
        raise MalformedEvent("the event must be a JSON object")
    event_id = _event_id(data.get("id"))
    item = data.get("item")
    item_id = _item_id(item.get("id")) if isinstance(item, dict) else None
    try:
        event_type = data.get("type")
        if not isinstance(event_type, str) or event_type not in EVENT_TYPES:
            raise MalformedEvent("type must be one of " + ", ".join(EVENT_TYPES))
        occurred_at = _occurred_at(data.get("occurred_at"))
        if not isinstance(item, dict):
            raise MalformedEvent("item must be a JSON object")
        if item_id is None:
            raise MalformedEvent("item.id must be 1 to 64 of A-Z a-z 0-9 . _ : - (or an integer)")
        missing = [name for name in REQUIRED_FIELDS[event_type] if item.get(name) is None]
        if missing:
            raise MalformedEvent(
                f"{event_type} needs " + ", ".join(f"item.{name}" for name in missing)
            )
        return ItemEvent(
            id=event_id,
            type=event_type,
            occurred_at=occurred_at,
            item_id=item_id,
            name=_name(item.get("name")),
            price_cents=_whole_number(item.get("price"), "item.price", MAX_CENTS),
            active=_flag(item.get("active")),
            quantity=_whole_number(item.get("quantity"), "item.quantity", MAX_STOCK),
            body=as_text(body),
        )
    except MalformedEvent as error:
        error.event_id, error.item_id = event_id, item_id
        raise


def _event_id(value: Any) -> uuid.UUID:
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise MalformedEvent("id must be a UUID")


def _item_id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if isinstance(value, str) and ITEM_ID_PATTERN.fullmatch(value):
        return value
    return None


def _occurred_at(value: Any) -> datetime:
    if not isinstance(value, str):
        raise MalformedEvent("occurred_at must be an ISO 8601 date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise MalformedEvent("occurred_at must be an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise MalformedEvent("occurred_at must include a time zone, e.g. Z or +00:00")
    moment = moment.astimezone(UTC)
    if moment > utcnow() + FUTURE_TOLERANCE:
        raise MalformedEvent("occurred_at is more than an hour in the future")
    return moment


def _name(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedEvent("item.name must be a string")
    name = value.strip()
    problem = product_name_problem(name)
    if problem:
        raise MalformedEvent("item.name: " + problem)
    return name


def _whole_number(value: Any, label: str, maximum: int) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedEvent(f"{label} must be a whole number")
    if not 0 <= value <= maximum:
        raise MalformedEvent(f"{label} must be between 0 and {maximum}")
    return value


def _flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise MalformedEvent("item.active must be true or false")


def as_text(body: bytes | str) -> str:
    """The message as text fit to keep: NULs replaced, cut after ``KEPT_BODY_CHARS``."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    # PostgreSQL text cannot hold NUL characters.
    text = text.replace("\x00", "\ufffd")
    if len(text) > KEPT_BODY_CHARS:
        text = text[:KEPT_BODY_CHARS] + "\n[cut: the message was longer]"
    return text

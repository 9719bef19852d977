"""The warehouse feed: read an item event, apply it once, set aside what cannot be applied.

Delivery is at least once and in no guaranteed order, so:

- every event id is written to the inbox (``inventory_events``) in the same transaction as
  its effect; an id already there is a no-op;
- an item's fields come in three groups (details = name and price, active, stock), each
  remembering the ``(occurred_at, event id)`` of the event that last set it; an event sets
  only the groups it is newer for. The result is the same as applying every event once in
  time order, whatever order they arrive in;
- an event for an item the shop has not created yet is *held*: it is recorded, its values
  wait with the item's versions, and it is set aside as ``unknown_item`` for admins to see.
  When the item's ``item.created`` arrives the product is made from the newest values, and
  the held events are marked resolved;
- a malformed event, or one that would break a catalogue rule, is set aside with its reason.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..database import write_transaction
from ..extensions import db
from ..models import Brand, Category, InventoryEvent, InventoryItem, Product, SetAsideEvent, Store
from ..models.base import utcnow
from . import stock
from .errors import ServiceError
from .product_rules import MAX_CENTS, MAX_STOCK, product_name_problem
from .slugs import slugify

log = logging.getLogger(__name__)

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
ATTEMPTS = 3

SOURCE_BROKER = "broker"
SOURCE_WEBHOOK = "webhook"


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


@dataclass(frozen=True)
class Placement:
    """Where products made from warehouse items go: store, brand and category names."""

    store: str
    brand: str
    category: str

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> Placement:
        """The placement the settings name."""
        return cls(
            store=str(config["INVENTORY_DEFAULT_STORE"]),
            brand=str(config["INVENTORY_DEFAULT_BRAND"]),
            category=str(config["INVENTORY_DEFAULT_CATEGORY"]),
        )


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


# Reading a message.


def parse_event(body: bytes | str) -> ItemEvent:
    """The event in ``body``; raises MalformedEvent saying what is wrong."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedEvent("the body is not valid JSON") from None
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
            body=_as_text(body),
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


def _as_text(body: bytes | str) -> str:
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    # PostgreSQL text cannot hold NUL characters.
    text = text.replace("\x00", "\ufffd")
    if len(text) > KEPT_BODY_CHARS:
        text = text[:KEPT_BODY_CHARS] + "\n[cut: the message was longer]"
    return text


# Applying an event.


def receive(body: bytes | str, *, source: str, placement: Placement) -> Outcome:
    """Handle one message from the warehouse: apply it, or set it aside with the reason."""
    try:
        event = parse_event(body)
        return apply_event(event, source=source, placement=placement)
    except EventRejected as error:
        return set_aside(body, error, source=source)


def apply_event(event: ItemEvent, *, source: str, placement: Placement) -> Outcome:
    """Apply ``event`` once, together with its inbox row; raises EventConflict."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            outcome = _apply_once(event, source, placement)
            break
        except IntegrityError:
            # A concurrent writer made the same row first (the same event through two
            # paths, or the first events of one item); the next attempt sees its work.
            if attempt == ATTEMPTS:
                raise
    _log_outcome(outcome, source)
    return outcome


def _apply_once(event: ItemEvent, source: str, placement: Placement) -> Outcome:
    with write_transaction() as session:
        seen = session.scalar(
            select(InventoryEvent.outcome).where(InventoryEvent.event_id == event.id)
        )
        if seen is not None:
            return _outcome("duplicate", event)
        state = _locked_item(session, event.item_id)
        changed = _merge(state, event)
        product = session.scalar(
            select(Product)
            .where(Product.warehouse_item_id == event.item_id)
            .with_for_update(of=Product)
            .execution_options(populate_existing=True)
        )
        if product is None and event.type == CREATED:
            product = _create_product(session, state, placement)
            _resolve_held(session, event.item_id)
            status, changed = "applied", _known_groups(state)
        elif product is None:
            status = "held"
            session.add(
                SetAsideEvent(
                    source=source,
                    code="unknown_item",
                    reason=f"unknown item {event.item_id}: held until its item.created arrives",
                    body=event.body,
                    event_id=event.id,
                    item_id=event.item_id,
                )
            )
        elif changed:
            _update_product(session, product, state, changed)
            status = "applied"
        else:
            status = "superseded"
        session.add(
            InventoryEvent(
                event_id=event.id,
                item_id=event.item_id,
                type=event.type,
                occurred_at=event.occurred_at,
                outcome=status,
                source=source,
            )
        )
        return _outcome(status, event, product.id if product else None, tuple(changed))


def _outcome(
    status: str,
    event: ItemEvent,
    product_id: uuid.UUID | None = None,
    changed: tuple[str, ...] = (),
) -> Outcome:
    return Outcome(status, event.id, event.type, event.item_id, product_id, changed)


def _locked_item(session: Session, item_id: str) -> InventoryItem:
    """The item's versions, locked for this transaction; made when first seen."""
    state = session.scalar(
        select(InventoryItem)
        .where(InventoryItem.item_id == item_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if state is None:
        state = InventoryItem(item_id=item_id)
        session.add(state)
        session.flush()
    return state


def _newer(event: ItemEvent, at: datetime | None, event_id: uuid.UUID | None) -> bool:
    # Equal times are ordered by event id, so every consumer reaches the same result.
    return at is None or event_id is None or (event.occurred_at, event.id) > (at, event_id)


def _merge(state: InventoryItem, event: ItemEvent) -> list[str]:
    """Copy the event's values into the groups it is newer for; return those groups."""
    changed = []
    groups = event.groups()
    if DETAILS in groups and _newer(event, state.details_at, state.details_event_id):
        state.name, state.price_cents = event.name, event.price_cents
        state.details_at, state.details_event_id = event.occurred_at, event.id
        changed.append(DETAILS)
    if ACTIVE in groups and _newer(event, state.active_at, state.active_event_id):
        state.active = event.active
        state.active_at, state.active_event_id = event.occurred_at, event.id
        changed.append(ACTIVE)
    if STOCK in groups and _newer(event, state.stock_at, state.stock_event_id):
        state.stock = event.quantity
        state.stock_at, state.stock_event_id = event.occurred_at, event.id
        changed.append(STOCK)
    return changed


def _known_groups(state: InventoryItem) -> list[str]:
    groups = [DETAILS, ACTIVE]
    return [*groups, STOCK] if state.stock is not None else groups


def _create_product(session: Session, state: InventoryItem, placement: Placement) -> Product:
    # item.created carries name, price and active, so every one of them is known here.
    assert state.name is not None
    assert state.price_cents is not None
    assert state.active is not None
    brand = _named(session, Brand, placement.brand)
    category = _named(session, Category, placement.category)
    store = _named(session, Store, placement.store)
    _check_name_free(session, brand, state.name, None)
    product = Product(
        name=state.name,
        slug=_free_slug(session, Product, slugify(f"{brand.name} {state.name}", 150)),
        brand_id=brand.id,
        category_id=category.id,
        store_id=store.id,
        description="",
        price_cents=state.price_cents,
        stock=state.stock or 0,
        active=state.active,
        warehouse_item_id=state.item_id,
    )
    session.add(product)
    session.flush()
    return product


def _update_product(
    session: Session, product: Product, state: InventoryItem, changed: list[str]
) -> None:
    if DETAILS in changed:
        assert state.name is not None
        assert state.price_cents is not None
        if state.name.lower() != product.name.lower():
            _check_name_free(session, product.brand, state.name, product.id)
        product.name, product.price_cents = state.name, state.price_cents
    if ACTIVE in changed:
        assert state.active is not None
        product.active = state.active
    if STOCK in changed:
        assert state.stock is not None
        product.stock = _stock_within_reservations(product, state.stock)
    session.flush()


def _stock_within_reservations(product: Product, requested: int) -> int:
    """``requested``, or what carts hold of the product when that is more."""
    reserved = stock.reserved_quantity(product.id)
    if requested >= reserved:
        return requested
    log.warning(
        "inventory stock set below reservations; kept at reserved product=%s item=%s "
        "requested=%d reserved=%d short=%d",
        product.id,
        product.warehouse_item_id,
        requested,
        reserved,
        reserved - requested,
    )
    return reserved


def _check_name_free(
    session: Session, brand: Brand, name: str, product_id: uuid.UUID | None
) -> None:
    clash = select(Product.id).where(
        Product.brand_id == brand.id, func.lower(Product.name) == name.lower()
    )
    if product_id is not None:
        clash = clash.where(Product.id != product_id)
    if session.scalar(clash.limit(1)) is not None:
        raise EventConflict(f"brand {brand.name} already has a product named {name}")


def _named(session: Session, model: type[Brand] | type[Category] | type[Store], name: str) -> Any:
    """The brand, category or store with this name (in any case), made when missing."""
    found = session.scalar(select(model).where(func.lower(model.name) == name.lower()))
    if found is not None:
        return found
    made = model(name=name, slug=_free_slug(session, model, slugify(name, 90)))
    session.add(made)
    session.flush()
    log.info("inventory made %s name=%s for warehouse items", model.__tablename__, name)
    return made


def _free_slug(session: Session, model: Any, base: str) -> str:
    slug, number = base, 1
    while session.scalar(select(model.slug).where(model.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _resolve_held(session: Session, item_id: str) -> None:
    session.execute(
        update(SetAsideEvent)
        .where(
            SetAsideEvent.item_id == item_id,
            SetAsideEvent.code == "unknown_item",
            SetAsideEvent.resolved_at.is_(None),
        )
        .values(resolved_at=utcnow())
    )


# Setting aside.


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
                    body=_as_text(body),
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
    _log_outcome(outcome, source)
    return outcome


def _log_outcome(outcome: Outcome, source: str) -> None:
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


# Reading the inbox, for admins.


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

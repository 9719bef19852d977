"""Applying a warehouse event once: the item's versions, its product, the inbox row."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...database import write_transaction
from ...models import InventoryEvent, InventoryItem, Product, SetAsideEvent
from ...models.base import utcnow
from .events import ACTIVE, CREATED, DETAILS, STOCK, EventRejected, ItemEvent, parse_event
from .inbox import Outcome, log_outcome, set_aside
from .products import Placement, create_product, update_product

ATTEMPTS = 3


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
    log_outcome(outcome, source)
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
            product = create_product(session, state, placement)
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
            update_product(session, product, state, changed)
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

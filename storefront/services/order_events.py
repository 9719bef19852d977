"""An order's events: writing one in the transaction that makes the change, reading the timeline.

Every change to an order (SPEC 8) is written here, with who made it, when and why, in the
same transaction as the change itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, insert, select

from ..models import OrderEvent, User
from ..models.base import utcnow
from .order_states import EVENT_TITLES

EVENTS = OrderEvent.__table__
SHOP_NAME = "the shop"  # the actor when nobody pressed a button (expiry, settling, paying)


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a user (customer or admin), or the shop itself (no id).

    The event names a user by their username, read when it is written.
    """

    id: uuid.UUID | None
    name: str = ""
    is_admin: bool = False


SHOP = Actor(None, SHOP_NAME, is_admin=True)


@dataclass(frozen=True)
class Event:
    """One line of an order's timeline."""

    kind: str
    title: str
    from_status: str | None
    to_status: str | None
    actor_name: str
    note: str | None
    amount_cents: int | None
    created_at: datetime


USERS = User.__table__
_INSERT = insert(EVENTS).values(
    actor_id=bindparam("who"),
    actor_name=func.coalesce(
        select(USERS.c.username).where(USERS.c.id == bindparam("who")).scalar_subquery(),
        bindparam("fallback_name"),
    ),
)
_TIMELINE = (
    select(
        EVENTS.c.kind,
        EVENTS.c.from_status,
        EVENTS.c.to_status,
        EVENTS.c.actor_name,
        EVENTS.c.note,
        EVENTS.c.amount_cents,
        EVENTS.c.created_at,
    )
    .where(EVENTS.c.order_id == bindparam("order_id"))
    .order_by(EVENTS.c.id)
)


def record(
    connection: Connection,
    order_id: uuid.UUID,
    kind: str,
    actor: Actor,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str | None = None,
    amount_cents: int | None = None,
) -> None:
    """Write down one event of the order, in the caller's transaction."""
    assert kind in EVENT_TITLES, kind
    connection.execute(
        _INSERT,
        {
            "order_id": order_id,
            "kind": kind,
            "from_status": from_status,
            "to_status": to_status,
            "who": actor.id,
            "fallback_name": (actor.name or SHOP_NAME)[:40],
            "note": note,
            "amount_cents": amount_cents,
            "created_at": utcnow(),
        },
    )


def timeline(connection: Connection, order_id: uuid.UUID) -> list[Event]:
    """The order's events, oldest first."""
    return [
        Event(
            kind=row.kind,
            title=EVENT_TITLES.get(row.kind, row.kind),
            from_status=row.from_status,
            to_status=row.to_status,
            actor_name=row.actor_name,
            note=row.note,
            amount_cents=row.amount_cents,
            created_at=row.created_at,
        )
        for row in connection.execute(_TIMELINE, {"order_id": order_id})
    ]

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

from .applying import apply_event, receive
from .events import EVENT_TYPES, REQUIRED_FIELDS, EventRejected, ItemEvent, parse_event
from .inbox import SOURCE_BROKER, SOURCE_WEBHOOK, Outcome, recent_events, set_aside_events
from .products import Placement

__all__ = [
    "EVENT_TYPES",
    "REQUIRED_FIELDS",
    "SOURCE_BROKER",
    "SOURCE_WEBHOOK",
    "EventRejected",
    "ItemEvent",
    "Outcome",
    "Placement",
    "apply_event",
    "parse_event",
    "receive",
    "recent_events",
    "set_aside_events",
]

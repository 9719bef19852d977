"""The warehouse's webhook, described by hand: it is its own blueprint (storefront/inventory)."""

from __future__ import annotations

from typing import Any

EVENT = {
    "type": "object",
    "description": "A warehouse event (docs/warehouse.md).",
    "required": ["id", "type", "occurred_at", "item"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "type": {
            "type": "string",
            "enum": ["item.created", "item.updated", "item.status_toggled", "item.stock_set"],
        },
        "occurred_at": {"type": "string", "format": "date-time"},
        "item": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "price": {"type": "integer", "description": "Whole cents."},
                "active": {"type": "boolean"},
                "quantity": {"type": "integer"},
            },
        },
    },
}

EXAMPLE = {
    "id": "6f1c2a9e-3b7d-4c1e-9a52-0d8e4f7b1c23",
    "type": "item.stock_set",
    "occurred_at": "2026-11-01T09:30:00Z",
    "item": {"id": "WH-1042", "quantity": 12},
}

TAKEN = {
    "type": "object",
    "required": ["status", "event_id"],
    "properties": {
        "status": {"type": "string", "enum": ["applied", "duplicate", "superseded", "held"]},
        "event_id": {"type": "string"},
    },
}


def webhook_operation() -> dict[str, Any]:
    """The OpenAPI operation of ``POST /api/v1/inventory/events``."""
    return {
        "tags": ["inventory"],
        "operationId": "receiveInventoryEvent",
        "summary": "The warehouse tells the shop about an item (signed, no token)",
        "description": "X-Signature is the hex HMAC-SHA256 of the raw body under the shared "
        "secret INVENTORY_WEBHOOK_SECRET. 409 and 422: the event was set aside; do not retry.",
        "parameters": [
            {
                "in": "header",
                "name": "X-Signature",
                "required": True,
                "schema": {"type": "string"},
                "description": "hex HMAC-SHA256 of the body, optionally prefixed sha256=",
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": EVENT, "example": EXAMPLE}},
        },
        "responses": {
            "202": {
                "description": "Taken (or already taken before).",
                "content": {"application/json": {"schema": TAKEN}},
            },
            "401": "UNAUTHORIZED",
            "409": "CONFLICT",
            "413": "REQUEST_ENTITY_TOO_LARGE",
            "422": "UNPROCESSABLE_ENTITY",
            "414": "REQUEST_URI_TOO_LONG",
            "503": "SERVICE_UNAVAILABLE",
        },
    }

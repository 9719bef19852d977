"""The order's life in JSON: its events and refunds, and the bodies of ship, refund, cancel."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...rules import (
    CARRIER_MAX_LENGTH,
    MAX_ID,
    MAX_QUANTITY,
    REASON_MAX_LENGTH,
    TRACKING_MAX_LENGTH,
)
from .common import Money, strict_bool, strict_int
from .orders import OrderSchema

MAX_REFUND_LINES = 100


class OrderEventSchema(Schema):
    kind = fields.String(required=True, metadata={"example": "shipped"})
    from_status = fields.String(required=True, allow_none=True)
    to_status = fields.String(required=True, allow_none=True)
    actor = fields.String(attribute="actor_name", required=True, metadata={"example": "admin"})
    note = fields.String(required=True, allow_none=True)
    amount = Money(attribute="amount_cents", required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


class RefundLineSchema(Schema):
    order_line_id = fields.Integer(required=True)
    quantity = fields.Integer(required=True)
    amount = Money(attribute="amount_cents", required=True)
    returned = fields.Integer(required=True, metadata={"description": "Units put back in stock."})


class RefundSchema(Schema):
    number = fields.Integer(required=True)
    idempotency_key = fields.String(required=True, metadata={"example": "<order id>-r1"})
    status = fields.String(
        required=True,
        metadata={"description": "in_flight or unknown (pending, retried), succeeded, refused"},
    )
    amount = Money(attribute="amount_cents", required=True)
    provider_refund_id = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True, allow_none=True)
    error = fields.String(required=True, allow_none=True)
    lines = fields.List(fields.Nested(RefundLineSchema), required=True)
    created_at = fields.DateTime(required=True)
    settled_at = fields.DateTime(required=True, allow_none=True)


class OrderDetailSchema(OrderSchema):
    """One order whole: with its shipping, its history of events and its refunds."""

    shipped_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    carrier = fields.String(allow_none=True)
    tracking_number = fields.String(allow_none=True)
    refunded = Money(attribute="refunded_cents")
    events = fields.List(fields.Nested(OrderEventSchema))
    refunds = fields.List(fields.Nested(RefundSchema))


class ShipSchema(Schema):
    carrier = fields.String(
        required=True,
        validate=validate.Length(1, CARRIER_MAX_LENGTH),
        metadata={"example": "Royal Mail"},
    )
    tracking_number = fields.String(
        required=True,
        validate=validate.Length(1, TRACKING_MAX_LENGTH),
        metadata={"example": "RM123456789GB"},
    )


class ReasonSchema(Schema):
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=REASON_MAX_LENGTH),
        metadata={"example": "Ordered the wrong size."},
    )


class RefundLineWantedSchema(Schema):
    line_id = strict_int(
        required=True,
        validate=validate.Range(1, MAX_ID),
        metadata={
            "description": "The order line's id (``lines[].id`` in the order).",
            "example": 1,
        },
    )
    quantity = strict_int(
        required=True, validate=validate.Range(0, MAX_QUANTITY), metadata={"example": 1}
    )


class RefundRequestSchema(ReasonSchema):
    lines = fields.List(
        fields.Nested(RefundLineWantedSchema),
        validate=validate.Length(1, MAX_REFUND_LINES),
        metadata={"description": "Units per line; without it, everything not yet refunded."},
    )
    returned = strict_bool(
        load_default=False,
        metadata={"description": "The goods came back: put the refunded units back in stock."},
    )

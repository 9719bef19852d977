"""Waiting for a product to be available again."""

from __future__ import annotations

from marshmallow import Schema, fields


class WaitingSchema(Schema):
    product_id = fields.UUID(required=True)
    waiting = fields.Boolean(
        required=True,
        metadata={"description": "True: one e-mail will be sent when it can be bought again."},
    )

"""Carts and their lines; the card a checkout pays with."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from ...payments.sandbox import SUCCESS_CARD
from ...services import stock
from ...services.carts import MAX_QUANTITY
from .addresses import DeliveryFields
from .common import Money, page_schema, shop_currency, strict_int


class CartLineSchema(Schema):
    product_id = fields.UUID(required=True)
    name = fields.String(attribute="product.name", required=True)
    unit_price = Money(attribute="product.price_cents", required=True)
    quantity = fields.Integer(required=True)
    line_total = Money(attribute="total_cents", required=True)


class CartSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True)
    lines = fields.List(fields.Nested(CartLineSchema), required=True)
    item_count = fields.Integer(required=True)
    total = Money(attribute="total_cents", required=True)
    currency = shop_currency()
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    expires_at = fields.Method(
        "_expires_at",
        required=True,
        metadata={
            "type": "string",
            "format": "date-time",
            "description": "When the cart lets go of its lines unless it changes before.",
        },
    )

    def _expires_at(self, cart: Any) -> str:
        return (cart.updated_at + stock.cart_ttl()).isoformat()


class AdminCartSchema(CartSchema):
    user_id = fields.UUID(
        required=True, allow_none=True, metadata={"description": "None for a guest's cart."}
    )


class NewCartSchema(Schema):
    """No fields yet: a new cart starts empty."""


class AddLineSchema(Schema):
    product_id = fields.UUID(required=True)
    quantity = strict_int(required=True, validate=validate.Range(1, MAX_QUANTITY))


class SetQuantitySchema(Schema):
    quantity = strict_int(
        required=True,
        validate=validate.Range(0, MAX_QUANTITY),
        metadata={"description": "0 takes the product out of the cart."},
    )


class CardSchema(Schema):
    """A payment card. It is used for this one payment and never stored or logged."""

    name = fields.String(required=True, metadata={"example": "Ada Lovelace"})
    number = fields.String(
        required=True,
        metadata={
            "description": "16 digits (spaces allowed), Luhn-valid.",
            "example": SUCCESS_CARD,
        },
    )
    expiry = fields.String(
        required=True, metadata={"description": "MMYY, not in the past.", "example": "1230"}
    )
    cvv = fields.String(required=True, metadata={"description": "3 digits.", "example": "123"})


class CheckoutSchema(DeliveryFields):
    card = fields.Nested(CardSchema, required=True)


CartPageSchema = page_schema("CartPage", CartSchema)

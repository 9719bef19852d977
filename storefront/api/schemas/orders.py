"""Orders, buying without a cart, paying."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...models.orders import ORDER_STATUSES
from ...rules import MAX_LINES, MAX_QUANTITY, VOUCHER_CODE_MAX_LENGTH
from .addresses import AddressSchema, DeliveryFields, OrderShippingSchema
from .carts import PRODUCT_EXAMPLE, CardSchema
from .common import ErrorBodySchema, Money, PageQuery, page_schema, strict_int


class OrderLineSchema(Schema):
    id = fields.Integer(metadata={"description": "The line's id, which a refund names."})
    product_id = fields.UUID(required=True)
    name = fields.String(required=True)
    unit_price = Money(attribute="unit_price_cents", required=True)
    quantity = fields.Integer(required=True)
    line_total = Money(attribute="line_total_cents", required=True)
    discount = Money(
        attribute="discount_cents", required=True, metadata={"description": "The voucher's share."}
    )
    refunded_quantity = fields.Integer()
    returned_quantity = fields.Integer(metadata={"description": "Units back in stock."})


class OrderSchema(Schema):
    id = fields.UUID(required=True)
    number = fields.String(required=True, metadata={"example": "SF-7K3M-9Q2P"})
    user_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ORDER_STATUSES))
    lines = fields.List(fields.Nested(OrderLineSchema), required=True)
    voucher = fields.String(
        attribute="voucher_code",
        required=True,
        allow_none=True,
        metadata={"description": "The voucher's code, or null."},
    )
    discount = Money(attribute="discount_cents", required=True)
    total = Money(
        attribute="total_cents",
        required=True,
        metadata={"description": "What is paid: the lines less the discount."},
    )
    currency = fields.String(required=True)
    payment_id = fields.String(required=True, allow_none=True)
    card_last4 = fields.String(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    paid_at = fields.DateTime(required=True, allow_none=True)
    cancelled_at = fields.DateTime(required=True, allow_none=True)
    address = fields.Nested(
        AddressSchema,
        attribute="ship_to",
        required=True,
        allow_none=True,
        metadata={"description": "A copy of where it goes; null when collected in store."},
    )
    shipping = fields.Nested(
        OrderShippingSchema,
        attribute="shipping",
        required=True,
        allow_none=True,
        metadata={"description": "The method's name and what it cost, as placed; in `total`."},
    )


class WantedLineSchema(Schema):
    product_id = fields.UUID(required=True, metadata={"example": PRODUCT_EXAMPLE})
    quantity = strict_int(
        required=True, validate=validate.Range(1, MAX_QUANTITY), metadata={"example": 1}
    )


class DirectOrderSchema(DeliveryFields):
    lines = fields.List(
        fields.Nested(WantedLineSchema),
        required=True,
        validate=validate.Length(1, MAX_LINES, error="Order from 1 to {max} lines."),
    )
    card = fields.Nested(CardSchema, required=True)
    voucher = fields.String(
        validate=validate.Length(1, VOUCHER_CODE_MAX_LENGTH),
        metadata={"description": "A voucher code, checked as the order is placed."},
    )


class PaySchema(Schema):
    card = fields.Nested(CardSchema, required=True)


class OrderQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(ORDER_STATUSES))


class DeclinedBodySchema(ErrorBodySchema):
    order = fields.Nested(OrderSchema, required=True)


class DeclinedSchema(Schema):
    """The card was declined: the order is kept, pending, and can be paid with another card."""

    error = fields.Nested(DeclinedBodySchema, required=True)


OrderPageSchema = page_schema("OrderPage", OrderSchema)

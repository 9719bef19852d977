"""Carts and their lines; the card a checkout pays with."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, pre_dump, validate

from ...payments import cards
from ...payments.sandbox import SUCCESS_CARD
from ...rules import MAX_QUANTITY
from ...services import stock
from ...services.cart_vouchers import CartPricing, cart_pricing
from .addresses import DeliveryFields
from .common import Money, page_schema, shop_currency, strict_int


class CartLineSchema(Schema):
    product_id = fields.UUID(required=True)
    name = fields.String(attribute="product.name", required=True)
    unit_price = Money(attribute="product.price_cents", required=True)
    quantity = fields.Integer(required=True)
    line_total = Money(attribute="total_cents", required=True)
    discount = Money(
        attribute="discount_cents", required=True, metadata={"description": "The voucher's share."}
    )


class _Priced:
    """A cart or a line, with what the cart's voucher takes off it."""

    def __init__(self, item: Any, pricing: CartPricing, discount_cents: int) -> None:
        self._item, self.pricing, self.discount_cents = item, pricing, discount_cents

    def __getattr__(self, name: str) -> Any:
        return getattr(self._item, name)


class _PricedCart(_Priced):
    @property
    def lines(self) -> list[_Priced]:
        pricing = self.pricing
        return [
            _Priced(line, pricing, pricing.line_discount(line.product_id))
            for line in self._item.lines
        ]


class CartSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True)
    lines = fields.List(fields.Nested(CartLineSchema), required=True)
    item_count = fields.Integer(required=True)
    subtotal = Money(attribute="pricing.subtotal_cents", required=True)
    voucher = fields.String(
        attribute="pricing.code",
        required=True,
        allow_none=True,
        metadata={"description": "The code the cart carries, or null."},
    )
    voucher_problem = fields.String(
        attribute="pricing.problem",
        required=True,
        allow_none=True,
        metadata={"description": "Why the voucher does not apply to the cart now, or null."},
    )
    discount = Money(attribute="pricing.discount_cents", required=True)
    total = Money(
        attribute="pricing.total_cents",
        required=True,
        metadata={"description": "The subtotal less the discount."},
    )
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

    @pre_dump
    def _price(self, cart: Any, **_kwargs: Any) -> _Priced:
        pricing = cart_pricing(cart)
        return _PricedCart(cart, pricing, pricing.discount_cents)

    def _expires_at(self, cart: Any) -> str:
        return (cart.updated_at + stock.cart_ttl()).isoformat()


class AdminCartSchema(CartSchema):
    user_id = fields.UUID(
        required=True, allow_none=True, metadata={"description": "None for a guest's cart."}
    )


class NewCartSchema(Schema):
    """No fields yet: a new cart starts empty."""


PRODUCT_EXAMPLE = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


class AddLineSchema(Schema):
    product_id = fields.UUID(required=True, metadata={"example": PRODUCT_EXAMPLE})
    quantity = strict_int(
        required=True, validate=validate.Range(1, MAX_QUANTITY), metadata={"example": 1}
    )


class SetQuantitySchema(Schema):
    quantity = strict_int(
        required=True,
        validate=validate.Range(0, MAX_QUANTITY),
        metadata={"description": "0 takes the product out of the cart.", "example": 2},
    )


class CardSchema(Schema):
    """A payment card. It is used for this one payment and never stored or logged."""

    name = fields.String(
        required=True,
        metadata={
            "example": "Ada Lovelace",
            "maxLength": cards.NAME_MAX,
            "pattern": cards.NAME_PATTERN,
        },
    )
    number = fields.String(
        required=True,
        metadata={
            "description": f"{cards.CARD_DIGITS} digits (spaces allowed), and passing the Luhn "
            "check (which no pattern can say: a number that fails it answers 422).",
            "example": SUCCESS_CARD,
            "pattern": cards.NUMBER_PATTERN,
        },
    )
    expiry = fields.String(
        required=True,
        metadata={
            "description": f"{cards.EXPIRY_HINT_SHORT}; not in the past (422 when it is).",
            "example": "12/30",
            "pattern": cards.EXPIRY_PATTERN,
        },
    )
    cvv = fields.String(
        required=True,
        metadata={"description": "3 digits.", "example": "123", "pattern": cards.CVV_PATTERN},
    )


class CheckoutSchema(DeliveryFields):
    card = fields.Nested(CardSchema, required=True)


CartPageSchema = page_schema("CartPage", CartSchema)

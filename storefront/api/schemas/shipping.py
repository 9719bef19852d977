"""Shipping methods: what customers choose from and admins manage."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...rules import SHIPPING_NAME_MAX_LENGTH
from ...services.catalogue_input import PRICE_PATTERN, PRICE_RULE
from ...services.text import REQUIRED_TEXT_PATTERN
from .common import FullMatch, Money, page_schema, strict_bool

EXAMPLE = {"name": "Express", "price": "12.00", "free_from": "150.00", "active": True}


# Blank is "never free" for free_from.
FREE_FROM_PATTERN = rf"^\s*$|{PRICE_PATTERN}"


def _name(**kwargs: object) -> fields.String:
    return fields.String(
        validate=validate.Length(1, SHIPPING_NAME_MAX_LENGTH),
        metadata={"pattern": REQUIRED_TEXT_PATTERN, "example": "Express"},
        **kwargs,  # type: ignore[arg-type]
    )


def _amount(description: str, pattern: str = PRICE_PATTERN, **kwargs: object) -> fields.String:
    return fields.String(
        validate=FullMatch(pattern, error=PRICE_RULE),
        metadata={"description": description, "example": "4.99"},
        **kwargs,  # type: ignore[arg-type]
    )


class ShippingMethodSchema(Schema):
    """A shipping method as a customer sees it."""

    id = fields.Integer(required=True)
    name = fields.String(required=True, metadata={"example": "Standard"})
    price = Money(attribute="price_cents", required=True)
    free_from = Money(
        attribute="free_from_cents",
        required=True,
        allow_none=True,
        metadata={"description": "Orders whose lines come to this much ship free; null: never."},
    )
    needs_address = fields.Boolean(
        required=True, metadata={"description": "False for collecting in store."}
    )


class AdminShippingMethodSchema(ShippingMethodSchema):
    active = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class ShippingMethodCreateSchema(Schema):
    name = _name(required=True)
    price = _amount('Dollars, as a string: "4.99".', required=True)
    free_from = _amount(
        "Free from this amount of the lines; null, blank or left out: never.",
        FREE_FROM_PATTERN,
        allow_none=True,
    )
    active = strict_bool(load_default=True)
    needs_address = strict_bool(load_default=True)


class ShippingMethodPatchSchema(Schema):
    name = _name()
    price = _amount('Dollars, as a string: "4.99".')
    free_from = _amount(
        "Free from this amount of the lines; null or blank: never.",
        FREE_FROM_PATTERN,
        allow_none=True,
    )
    active = strict_bool()
    needs_address = strict_bool()


ShippingMethodPageSchema = page_schema("ShippingMethodPage", ShippingMethodSchema)
AdminShippingMethodPageSchema = page_schema("AdminShippingMethodPage", AdminShippingMethodSchema)

"""Addresses: the address book, and the address an order is sent to.

The rules live in ``services.addresses.check_address``; the input schema runs it, so
that a bad address answers 422 with a message per field (``address.city`` when nested)
and loads as the service's ``AddressValues``.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ...rules import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_NAME_MAX_LENGTH,
    CITY_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    POSTAL_CODE_MAX_LENGTH,
)
from ...services.addresses import (
    PHONE_PATTERN,
    POSTAL_CODE,
    AddressValues,
    check_address,
    countries,
)
from ...services.errors import InvalidInput
from ...services.text import OPTIONAL_TEXT_PATTERN, REQUIRED_TEXT_PATTERN
from .common import Money, page_schema, strict_bool

EXAMPLE = {
    "full_name": "Ada Lovelace",
    "line1": "12 St James's Square",
    "line2": "Flat 3",
    "city": "London",
    "postal_code": "SW1Y 4JH",
    "country": "GB",
    "phone": "+44 20 7946 0000",
}


def _text(longest: int, required: bool = False, **metadata: Any) -> fields.String:
    return fields.String(
        required=required,
        allow_none=not required,
        validate=validate.Length(max=longest),
        metadata={
            "pattern": REQUIRED_TEXT_PATTERN if required else OPTIONAL_TEXT_PATTERN,
            **metadata,
        },
    )


class AddressInSchema(Schema):
    """An address as a client sends it; checked by the shop's address rules."""

    full_name = _text(ADDRESS_NAME_MAX_LENGTH, True, example="Ada Lovelace")
    line1 = _text(ADDRESS_LINE_MAX_LENGTH, True, example="12 St James's Square")
    line2 = _text(ADDRESS_LINE_MAX_LENGTH)
    city = _text(CITY_MAX_LENGTH, True, example="London")
    postal_code = _text(
        POSTAL_CODE_MAX_LENGTH,
        True,
        example="SW1Y 4JH",
        pattern=f"^{POSTAL_CODE.pattern}$",
        description="Letters, digits, spaces and hyphens.",
    )
    country = fields.String(
        required=True,
        metadata={
            "description": "ISO 3166-1 alpha-2 code (any case).",
            "example": "GB",
            "enum": [code for code, _name in countries()],
        },
    )
    phone = _text(
        PHONE_MAX_LENGTH,
        example="+44 20 7946 0000",
        pattern=PHONE_PATTERN,
        description="At least 5 digits; + ( ) - . and spaces allowed.",
    )

    @validates_schema
    def _check(self, data: dict[str, Any], **_kwargs: Any) -> None:
        try:
            check_address(data)
        except InvalidInput as error:
            raise ValidationError(error.fields) from None

    @post_load
    def _values(self, data: dict[str, Any], **_kwargs: Any) -> AddressValues:
        return check_address(data)


class SavedAddressInSchema(AddressInSchema):
    make_default = strict_bool(
        load_default=False,
        metadata={"description": "Make it the default (the first address always is)."},
    )

    @post_load
    def _values(self, data: dict[str, Any], **_kwargs: Any) -> Any:
        return {"address": check_address(data), "make_default": data.get("make_default", False)}


class AddressSchema(Schema):
    """An address as the shop shows it."""

    full_name = fields.String(required=True)
    line1 = fields.String(required=True)
    line2 = fields.String(required=True, allow_none=True)
    city = fields.String(required=True)
    postal_code = fields.String(required=True)
    country = fields.String(required=True, metadata={"example": "GB"})
    phone = fields.String(required=True, allow_none=True)


class SavedAddressSchema(AddressSchema):
    """An address in the customer's address book."""

    id = fields.UUID(required=True)
    is_default = fields.Boolean(required=True)


SavedAddressPageSchema = page_schema("SavedAddressPage", SavedAddressSchema)


class DeliveryFields(Schema):
    """Where an order goes and how; all optional (SPEC 8: older clients send neither)."""

    address = fields.Nested(
        AddressInSchema,
        metadata={
            "description": "A new address for this order, saved in your address book. Left "
            "out: `address_id`, or else your default address."
        },
    )
    address_id = fields.UUID(metadata={"description": "One of your saved addresses."})
    shipping_method = fields.Integer(
        strict=True,
        metadata={
            "description": "The id of an active method (`GET /shipping-methods`). Left out: "
            "the cheapest that ships to the address, or collecting in store without one."
        },
    )

    @validates_schema
    def _one_address(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "address" in data and "address_id" in data:
            raise ValidationError({"address_id": "Send address or address_id, not both."})


class OrderShippingSchema(Schema):
    method = fields.String(required=True, metadata={"example": "Standard delivery"})
    price = Money(attribute="price_cents", required=True, metadata={"example": "4.99"})

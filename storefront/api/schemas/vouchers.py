"""Vouchers as admins write and read them, and a code applied to a cart or an order."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, fields, validate

from ...money import amount_text
from ...rules import (
    MAX_VOUCHER_BATCH,
    VOUCHER_CODE_MAX_LENGTH,
    VOUCHER_CODE_PATTERN,
    VOUCHER_CODE_RULE,
    VOUCHER_KINDS,
)
from ...services.voucher_input import MAX_USES
from ...services.vouchers_admin import PREFIX_MAX_LENGTH
from .common import MONEY_PATTERN, Money, page_schema, strict_int

VALUE_PATTERN = r"^[0-9]{1,8}(\.[0-9]{1,2})?$"
# PostgreSQL cannot hold a NUL character: refused here rather than failing in the database.
NO_NUL = validate.Regexp(r"^[^\x00]*$", error="Text may not contain a NUL character.")


class AppliesToSchema(Schema):
    """What the voucher is limited to; all empty (or left out): the whole order."""

    products = fields.List(
        fields.String(validate=[validate.Length(1, 200), NO_NUL]),
        validate=validate.Length(max=500),
        metadata={"description": "Products' ids or slugs."},
    )
    brands = fields.List(strict_int(), validate=validate.Length(max=500))
    categories = fields.List(strict_int(), validate=validate.Length(max=500))


class AppliesToOutSchema(Schema):
    products = fields.List(fields.UUID(), required=True)
    brands = fields.List(fields.Integer(), required=True)
    categories = fields.List(fields.Integer(), required=True)


def _when() -> fields.AwareDateTime:
    return fields.AwareDateTime(
        default_timezone=UTC,
        allow_none=True,
        metadata={"description": "Date and time (UTC unless given); null for none."},
    )


def _limit(description: str) -> fields.Integer:
    return strict_int(
        allow_none=True,
        validate=validate.Range(1, MAX_USES),
        metadata={"description": description + " Null: no limit."},
    )


class VoucherFieldsSchema(Schema):
    """Every field of a voucher but its code."""

    kind = fields.String(validate=validate.OneOf(VOUCHER_KINDS))
    value = fields.String(
        validate=validate.Regexp(VALUE_PATTERN, error="Give a number like 15 or 10.00."),
        metadata={
            "description": 'Per cent for `percent` (more than 0, at most 100: "12.5"), '
            'dollars for `amount` ("10.00").',
            "example": "15",
        },
    )
    applies_to = fields.Nested(AppliesToSchema)
    minimum_spend = fields.String(
        validate=validate.Regexp(MONEY_PATTERN, error="Give an amount like 50.00."),
        metadata={"description": "What the order's lines must come to first.", "example": "0"},
    )
    starts_at = _when()
    ends_at = _when()
    usage_limit = _limit("How many orders may use it in all.")
    per_customer_limit = _limit("How many orders of one customer may use it.")
    customers = fields.List(
        fields.String(validate=[validate.Length(1, 64), NO_NUL]),
        validate=validate.Length(max=1000),
        metadata={"description": "Usernames or user ids; empty: anyone."},
    )


def _kind() -> fields.String:
    return fields.String(
        required=True, validate=validate.OneOf(VOUCHER_KINDS), metadata={"example": "percent"}
    )


def _value() -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Regexp(VALUE_PATTERN, error="Give a number like 15 or 10.00."),
        metadata={"example": "15"},
    )


class VoucherCreateSchema(VoucherFieldsSchema):
    code = fields.String(
        required=True,
        validate=[validate.Length(3, VOUCHER_CODE_MAX_LENGTH), NO_NUL],
        metadata={
            "description": VOUCHER_CODE_RULE + " Unique regardless of case.",
            "example": "SPRING15",
            "pattern": f"^{VOUCHER_CODE_PATTERN.pattern}$",
        },
    )
    kind = _kind()
    value = _value()


class VoucherPatchSchema(VoucherFieldsSchema):
    code = fields.String(validate=[validate.Length(3, VOUCHER_CODE_MAX_LENGTH), NO_NUL])


class VoucherBatchSchema(VoucherFieldsSchema):
    """Like a voucher, without a code: each gets its own, usable once."""

    count = strict_int(
        required=True, validate=validate.Range(1, MAX_VOUCHER_BATCH), metadata={"example": 10}
    )
    prefix = fields.String(
        validate=[validate.Length(max=PREFIX_MAX_LENGTH), NO_NUL], metadata={"example": "SPRING"}
    )
    kind = _kind()
    value = _value()


class VoucherSchema(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True, validate=NO_NUL)
    kind = fields.String(required=True, validate=validate.OneOf(VOUCHER_KINDS))
    value = fields.Method("_value", required=True, metadata={"type": "string", "example": "15.00"})
    applies_to = fields.Method("_applies_to", required=True, metadata={"type": "object"})
    minimum_spend = Money(attribute="minimum_spend_cents", required=True)
    starts_at = fields.DateTime(required=True, allow_none=True)
    ends_at = fields.DateTime(required=True, allow_none=True)
    usage_limit = fields.Integer(required=True, allow_none=True)
    per_customer_limit = fields.Integer(required=True, allow_none=True)
    customers = fields.Method(
        "_customers", required=True, metadata={"type": "array", "items": {"type": "string"}}
    )
    used = fields.Integer(required=True, metadata={"description": "Orders using it now."})
    batch = fields.String(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)

    def _value(self, voucher: Any) -> str:
        return amount_text(voucher.value)

    def _applies_to(self, voucher: Any) -> dict[str, list[Any]]:
        return {
            "products": [str(t.product_id) for t in voucher.targets if t.product_id],
            "brands": [t.brand_id for t in voucher.targets if t.brand_id],
            "categories": [t.category_id for t in voucher.targets if t.category_id],
        }

    def _customers(self, voucher: Any) -> list[str]:
        return [str(customer.user_id) for customer in voucher.customers]


class VoucherQuery(Schema):
    q = fields.String(validate=[validate.Length(max=VOUCHER_CODE_MAX_LENGTH), NO_NUL])


class VoucherCodeSchema(Schema):
    code = fields.String(
        required=True,
        validate=[validate.Length(1, VOUCHER_CODE_MAX_LENGTH), NO_NUL],
        metadata={"example": "SPRING15"},
    )


VoucherPageSchema = page_schema("VoucherPage", VoucherSchema)


class VoucherBatchResultSchema(Schema):
    batch = fields.String(required=True, metadata={"description": "What the codes share."})
    items = fields.List(fields.Nested(VoucherSchema), required=True)

"""What admins send and read: catalogue edits, carts, stock held and sold, reports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ...rules import (
    DESCRIPTION_MAX_LENGTH,
    MAX_ID,
    NAME_MAX_LENGTH,
    PRODUCT_NAME_MAX_LENGTH,
    PRODUCT_NAME_RULE,
    PRODUCT_NAME_TYPED_PATTERN,
    SLUG_MAX_LENGTH,
)
from ...services.catalogue_input import MAX_STOCK, PRICE_PATTERN, PRICE_RULE, SLUG
from ...services.reports import REPORT_SORTS, day_end, day_start
from .carts import AdminCartSchema
from .catalogue import ProductSchema
from .common import FullMatch, PageQuery, name_text, page_schema, strict_bool, strict_int


def _slug(example: str = "fender") -> fields.String:
    return fields.String(
        validate=validate.Length(1, SLUG_MAX_LENGTH),
        metadata={
            "description": "Lower-case letters and digits joined by hyphens; made from "
            "the name when left out.",
            "pattern": f"^{SLUG.pattern}$",
            "example": example,
        },
    )


def _ref(noun: str, **kwargs: Any) -> fields.Integer:
    return strict_int(
        validate=validate.Range(1, MAX_ID),
        metadata={
            "description": f"The {noun}'s id; one that names none answers 422.",
            "example": 1,
        },
        **kwargs,
    )


class NamedCreateSchema(Schema):
    name = name_text(NAME_MAX_LENGTH, required=True, metadata={"example": "Fender"})
    slug = _slug()


class NamedPatchSchema(Schema):
    name = name_text(NAME_MAX_LENGTH, metadata={"example": "Fender"})
    slug = _slug()


class StoreCreateSchema(NamedCreateSchema):
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX_LENGTH))


class StorePatchSchema(NamedPatchSchema):
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX_LENGTH))


def _price(**kwargs: Any) -> fields.String:
    return fields.String(
        validate=FullMatch(PRICE_PATTERN, error=PRICE_RULE),
        metadata={"description": 'Dollars, as a string: "12.99".', "example": "1299.00"},
        **kwargs,
    )


TRACK_STOCK = (
    "Whether stock is counted (default true). Off: the product is sold while active, "
    "its cart lines reserve nothing, and its stock is neither checked nor taken."
)


def _product_name(**kwargs: Any) -> fields.String:
    return fields.String(
        validate=validate.Length(1, PRODUCT_NAME_MAX_LENGTH),
        metadata={
            "description": PRODUCT_NAME_RULE,
            "pattern": PRODUCT_NAME_TYPED_PATTERN,
            "example": "Stratocaster",
        },
        **kwargs,
    )


class ProductCreateSchema(Schema):
    name = _product_name(required=True)
    slug = _slug("stratocaster")
    brand_id = _ref("brand", required=True)
    category_id = _ref("category", required=True)
    store_id = _ref("store", required=True)
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX_LENGTH))
    price = _price(required=True)
    stock = strict_int(
        load_default=0, validate=validate.Range(0, MAX_STOCK), metadata={"example": 12}
    )
    active = strict_bool(load_default=True)
    track_stock = strict_bool(load_default=True, metadata={"description": TRACK_STOCK})


class ProductPatchSchema(Schema):
    name = _product_name()
    slug = _slug("stratocaster")
    brand_id = _ref("brand")
    category_id = _ref("category")
    store_id = _ref("store")
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX_LENGTH))
    price = _price()
    stock = strict_int(
        validate=validate.Range(0, MAX_STOCK),
        metadata={"description": "Set the units on hand; never below what carts hold."},
    )
    stock_delta = strict_int(
        validate=validate.Range(-MAX_STOCK, MAX_STOCK),
        metadata={"description": "Move the units on hand up or down by this many."},
    )
    active = strict_bool()
    track_stock = strict_bool(metadata={"description": TRACK_STOCK})

    @validates_schema
    def _one_stock_change(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "stock" in data and "stock_delta" in data:
            raise ValidationError("Give either stock or stock_delta, not both.", "stock_delta")


class AdminProductSchema(ProductSchema):
    stock = fields.Integer(required=True, metadata={"description": "Units on hand."})


class QuantityRowSchema(Schema):
    product_id = fields.UUID(required=True)
    product = fields.String(required=True, metadata={"description": "The product's name."})
    quantity = fields.Integer(required=True)


class RemovedRowSchema(Schema):
    product_id = fields.UUID(required=True)
    product = fields.String(required=True)
    times_removed = fields.Integer(required=True)
    quantity_removed = fields.Integer(required=True)
    distinct_carts = fields.Integer(required=True)
    checked_out_anyway = fields.Integer(required=True)
    still_open = fields.Integer(required=True)


class Moment(fields.Field):
    """An ISO date (a whole day) or date and time (UTC unless it says otherwise)."""

    def __init__(self, *, end_of_day: bool, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].update(
            {
                "type": "string",
                "example": "2026-11-01",
                "anyOf": [{"format": "date"}, {"format": "date-time"}],
            }
        )
        super().__init__(**kwargs)
        self.end_of_day = end_of_day

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        if not isinstance(value, str):
            raise ValidationError("Give a date (2026-11-01) or a date and time.")
        try:
            return self._moment(value)
        except (ValueError, OverflowError):
            raise ValidationError("Give a date (2026-11-01) or a date and time.") from None

    def _moment(self, value: str) -> datetime:
        if len(value) == len("2026-11-01"):
            day = date.fromisoformat(value)
            return day_end(day) if self.end_of_day else day_start(day)
        moment = datetime.fromisoformat(value)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class RemovedQuery(PageQuery):
    since = Moment(end_of_day=False, metadata={"description": "From (default: 30 days ago)."})
    until = Moment(
        end_of_day=True,
        metadata={"description": "Up to, not including; a date counts whole (default: now)."},
    )
    sort = fields.String(load_default="times", validate=validate.OneOf(list(REPORT_SORTS)))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))
    by = fields.String(
        load_default="product",
        validate=validate.OneOf(["product", "customer"]),
        metadata={"description": "`customer`: a row per customer and product (SPEC 9)."},
    )
    product = fields.String(
        validate=validate.Length(1, 200),
        metadata={"description": "By customer only: a product's id or slug."},
    )
    brand = fields.String(
        validate=validate.Length(1, 200), metadata={"description": "By customer only: a slug."}
    )
    category = fields.String(
        validate=validate.Length(1, 200), metadata={"description": "By customer only: a slug."}
    )

    @validates_schema
    def _in_order(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "since" in data and "until" in data and data["since"] >= data["until"]:
            raise ValidationError("until must come after since.", "until")


class RemovedReportSchema(Schema):
    since = fields.DateTime(required=True)
    until = fields.DateTime(required=True)
    items = fields.List(fields.Nested(RemovedRowSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


class CustomerRemovedRowSchema(Schema):
    user_id = fields.UUID(required=True)
    username = fields.String(required=True)
    product_id = fields.UUID(required=True)
    product = fields.String(required=True)
    brand = fields.String(required=True)
    times_removed = fields.Integer(required=True)
    quantity_removed = fields.Integer(required=True)
    last_removed_at = fields.DateTime(required=True)
    bought_since = fields.Boolean(
        required=True,
        metadata={"description": "An order of theirs (paid or later) has it since."},
    )


class RemovedByCustomerReportSchema(RemovedReportSchema):
    items = fields.List(fields.Nested(CustomerRemovedRowSchema), required=True)


AdminCartPageSchema = page_schema("AdminCartPage", AdminCartSchema)
QuantityPageSchema = page_schema("QuantityPage", QuantityRowSchema)

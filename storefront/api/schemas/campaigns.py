"""Campaigns as admins ask for them and read them (SPEC 9)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from ...models.campaigns import REMOVED
from ...rules import (
    CAMPAIGN_MAX_HOLD_OUT,
    CAMPAIGN_MAX_PRODUCTS,
    CAMPAIGN_MAX_VALID_DAYS,
    CAMPAIGN_TARGETS,
    is_id,
)
from ...services.campaign_figures import BASIS
from .common import Money, page_schema, shop_currency, strict_int
from .vouchers import NO_NUL


class IdOrSlug(fields.Field):
    """An id (a whole number) or a slug (text)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if is_id(value):
            return value
        if isinstance(value, str) and 0 < len(value) <= 200 and "\x00" not in value:
            return value
        raise ValidationError("Give the brand's id or slug.")


class CampaignCreateSchema(Schema):
    """A campaign to create and send at once."""

    products = fields.List(
        fields.String(validate=[validate.Length(1, 200), NO_NUL]),
        load_default=list,
        validate=validate.Length(max=CAMPAIGN_MAX_PRODUCTS),
        metadata={"description": "Products' ids or slugs; at least one, or a `brand`."},
    )
    brand = IdOrSlug(
        allow_none=True,
        metadata={
            "oneOf": [{"type": "integer"}, {"type": "string"}],
            "description": "A brand's id or slug: its products count too.",
        },
    )
    target = fields.String(
        load_default=REMOVED,
        validate=validate.OneOf(CAMPAIGN_TARGETS),
        metadata={
            "description": "`removed`: took one of the products out of a cart in the window; "
            "`abandoned`: left one in a cart that expired in the window. Both: and has not "
            "bought it since."
        },
    )
    removed_from = fields.Date(
        allow_none=True, metadata={"description": "First day (UTC); 30 days ago if left out."}
    )
    removed_until = fields.Date(
        allow_none=True,
        metadata={
            "description": "Last day (UTC, counted in full), not before `removed_from`; "
            "today if left out."
        },
    )
    discount_percent = strict_int(
        required=True, validate=validate.Range(1, 100), metadata={"example": 15}
    )
    valid_days = strict_int(
        required=True,
        validate=validate.Range(1, CAMPAIGN_MAX_VALID_DAYS),
        metadata={"description": "How long each code works, from sending.", "example": 14},
    )
    hold_out_percent = strict_int(
        load_default=0,
        validate=validate.Range(0, CAMPAIGN_MAX_HOLD_OUT),
        metadata={
            "description": "The random share of the target that gets nothing.",
            "example": 10,
        },
    )


class FiguresSchema(Schema):
    targeted = fields.Integer(required=True, metadata={"description": "Sent a voucher."})
    held_out = fields.Integer(required=True, metadata={"description": "Got nothing."})
    sent = fields.Integer(required=True, metadata={"description": "E-mails handed over."})
    redeemed = fields.Integer(
        required=True, metadata={"description": "Vouchers used by orders not cancelled."}
    )
    revenue = Money(
        attribute="revenue_cents",
        required=True,
        metadata={"description": "What those orders charged."},
    )
    currency = shop_currency()
    targeted_converted = fields.Integer(required=True)
    held_out_converted = fields.Integer(required=True)
    targeted_conversion = fields.Function(
        lambda figures: _percent(figures.targeted_conversion),
        required=True,
        metadata={
            "type": "number",
            "nullable": True,
            "description": "Per cent of the targeted customers who bought one of the products "
            "after sending (null: nobody targeted).",
        },
    )
    held_out_conversion = fields.Function(
        lambda figures: _percent(figures.held_out_conversion),
        required=True,
        metadata={
            "type": "number",
            "nullable": True,
            "description": "The same for the held-out customers (null: nobody held out).",
        },
    )


def _percent(basis: int | None) -> float | None:
    return None if basis is None else round(basis / (BASIS // 100), 2)


class CampaignSchema(Schema):
    id = fields.Integer(required=True, attribute="campaign.id")
    name = fields.String(required=True, attribute="campaign.name")
    target = fields.String(required=True, attribute="campaign.target")
    products = fields.Function(
        lambda shown: [str(product_id) for product_id, _, _ in shown.products],
        required=True,
        metadata={"type": "array", "items": {"type": "string", "format": "uuid"}},
    )
    brand = fields.Integer(required=True, allow_none=True, attribute="campaign.brand_id")
    removed_from = fields.Function(
        lambda shown: shown.campaign.removed_from.date().isoformat(),
        required=True,
        metadata={"type": "string", "format": "date"},
    )
    removed_until = fields.Function(
        lambda shown: (shown.campaign.removed_until - timedelta(microseconds=1)).date().isoformat(),
        required=True,
        metadata={"type": "string", "format": "date", "description": "Counted in full."},
    )
    discount_percent = fields.Integer(required=True, attribute="campaign.discount_percent")
    valid_days = fields.Integer(required=True, attribute="campaign.valid_days")
    hold_out_percent = fields.Integer(required=True, attribute="campaign.hold_out_percent")
    created_at = fields.DateTime(required=True, attribute="campaign.created_at")
    sent_at = fields.DateTime(required=True, allow_none=True, attribute="campaign.sent_at")
    figures = fields.Nested(FiguresSchema, required=True)


CampaignPageSchema = page_schema("CampaignPage", CampaignSchema)

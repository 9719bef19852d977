"""Pieces every part of the API's schemas uses: money, pages, errors."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app
from marshmallow import Schema, ValidationError, fields, validate

from ...money import AMOUNT_PATTERN, amount_text
from ...services.text import NAME_PATTERN

PER_PAGE = 24
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MONEY_PATTERN = f"^{AMOUNT_PATTERN}$"


class FullMatch(validate.Regexp):
    """``validate.Regexp`` matching the whole value (no ``$`` before a trailing newline).

    The pattern is written ``^...$`` for the OpenAPI document, where ``$`` is the end.
    """

    def __init__(self, pattern: str, *, error: str | None = None) -> None:
        anchored = pattern if pattern.startswith("^") else f"^{pattern}$"
        super().__init__(anchored, error=error)
        self._whole = re.compile(anchored.removeprefix("^").removesuffix("$"))

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str) or not self._whole.fullmatch(value):
            raise ValidationError(self._format_error(value))
        return value


class Money(fields.String):
    """Whole cents, shown as dollars with two decimals: ``129900`` is ``"1299.00"``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("example", "1299.00")
        kwargs["metadata"].setdefault("pattern", r"^-?[0-9]+\.[0-9]{2}$")
        super().__init__(**kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else amount_text(int(value))


def shop_currency() -> fields.Function:
    """The shop's currency (``PAYMENT_CURRENCY``), named beside the amounts it applies to."""
    return fields.Function(
        lambda _obj: str(current_app.config["PAYMENT_CURRENCY"]),
        dump_only=True,
        metadata={"description": "ISO 4217 code of the amounts beside it.", "example": "USD"},
    )


def strict_int(**kwargs: Any) -> fields.Integer:
    """A whole number given as a JSON number, never as a string or a boolean."""
    return fields.Integer(strict=True, **kwargs)


class StrictBoolean(fields.Boolean):
    """``true`` or ``false`` and nothing else (not ``0`` or ``1``, which equal them in Python)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def strict_bool(**kwargs: Any) -> fields.Boolean:
    """``true`` or ``false`` and nothing else."""
    return StrictBoolean(**kwargs)


def name_text(longest: int, **kwargs: Any) -> fields.String:
    """A name: some visible text, no control characters, at most ``longest`` characters."""
    metadata = {"pattern": NAME_PATTERN, **kwargs.pop("metadata", {})}
    return fields.String(validate=validate.Length(1, longest), metadata=metadata, **kwargs)


class PageQuery(Schema):
    page = fields.Integer(
        load_default=1, validate=validate.Range(1, MAX_PAGE), metadata={"example": 1}
    )
    per_page = fields.Integer(
        load_default=PER_PAGE,
        validate=validate.Range(1, MAX_PER_PAGE),
        metadata={"example": PER_PAGE},
    )


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    """The schema of one page of ``item``: ``{items, page, per_page, total}``."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        },
        name=name,
    )


def page_of(items: list[Any], page: int, per_page: int, total: int) -> dict[str, Any]:
    """A page, ready for a ``page_schema``."""
    return {"items": items, "page": page, "per_page": per_page, "total": total}


def sliced(rows: list[Any], query: dict[str, Any]) -> dict[str, Any]:
    """One page of a list already in memory."""
    page, per_page = query["page"], query["per_page"]
    start = (page - 1) * per_page
    return page_of(rows[start : start + per_page], page, per_page, len(rows))


class ShortfallSchema(Schema):
    product_id = fields.UUID(required=True)
    name = fields.String(required=True)
    wanted = fields.Integer(required=True)
    available = fields.Integer(required=True)


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"example": "validation_failed"})
    message = fields.String(required=True)
    fields_ = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "Only for validation errors: what is wrong with each field."},
    )
    shortfalls = fields.List(
        fields.Nested(ShortfallSchema),
        metadata={"description": "Only when stock is short: each line that cannot be filled."},
    )


class ErrorSchema(Schema):
    """Every error the API answers: ``{"error": {"code", "message", "fields"?}}``."""

    error = fields.Nested(ErrorBodySchema, required=True)

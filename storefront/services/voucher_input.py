"""What an admin typed for a voucher, checked: every bad field named, nothing written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import Brand, Category, Product, User
from ..models.vouchers import AMOUNT, PERCENT
from ..money import PERCENT_SCALE
from ..rules import MAX_CENTS, VOUCHER_CODE_PATTERN, VOUCHER_CODE_RULE, VOUCHER_KINDS, is_id
from .errors import InvalidInput

MAX_USES = 1_000_000


@dataclass
class VoucherInput:
    """A voucher's fields as an admin gives them (API names; money and values as text)."""

    code: str = ""
    kind: str = PERCENT
    value: Any = ""
    applies_to: dict[str, list[Any]] = field(default_factory=dict)  # products, brands, categories
    minimum_spend: Any = "0"
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    usage_limit: int | None = None
    per_customer_limit: int | None = None
    customers: list[Any] = field(default_factory=list)  # usernames or user ids


VOUCHER_FIELDS = frozenset(item.name for item in fields(VoucherInput))


@dataclass
class Checked:
    """The voucher's columns, and the ids of its targets and customers."""

    columns: dict[str, Any]
    products: list[uuid.UUID]
    brands: list[int]
    categories: list[int]
    customers: list[uuid.UUID]


def _hundredths(text: Any) -> int | None:
    """A number with at most two decimals as hundredths, or None."""
    if isinstance(text, bool):
        return None
    try:
        number = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return int(number * 100)


def _value(data: VoucherInput, problems: dict[str, str]) -> int:
    value = _hundredths(data.value)
    if data.kind == PERCENT:
        if value is None or not 0 < value <= PERCENT_SCALE:
            problems["value"] = "A percentage must be more than 0 and at most 100, like 15 or 12.5."
    elif value is None or not 0 < value <= MAX_CENTS:
        problems["value"] = "An amount must be more than 0, like 10.00."
    return value or 0


def _limit(name: str, value: Any, problems: dict[str, str]) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_USES:
        problems[name] = (
            f"Give a whole number from 1 to {MAX_USES}, or leave it empty for no limit."
        )
        return None
    return value


def _products(items: list[Any], problems: dict[str, str]) -> list[uuid.UUID]:
    ids, slugs = [], []
    for item in items:
        try:
            ids.append(uuid.UUID(str(item)))
        except ValueError:
            slugs.append(str(item).strip().lower())
    found = db.session.execute(
        select(Product.id, Product.slug).where(or_(Product.id.in_(ids), Product.slug.in_(slugs)))
    ).all()
    if len({row.id for row in found}) < len(set(ids)) + len(set(slugs)):
        problems["applies_to.products"] = "Some of these products do not exist."
    return sorted({row.id for row in found})


def _named(model: Any, name: str, items: list[Any], problems: dict[str, str]) -> list[int]:
    """Brands' or categories' ids from ids or slugs."""
    ids = {item for item in items if is_id(item)}
    slugs = {str(item).strip().lower() for item in items if not is_id(item)}
    if any(isinstance(item, bool | float) for item in items):
        problems[f"applies_to.{name}"] = f"Give the {name} by id or slug."
        return []
    found = db.session.execute(
        select(model.id, model.slug).where(or_(model.id.in_(ids), model.slug.in_(slugs)))
    ).all()
    if not ids <= {row.id for row in found} or not slugs <= {row.slug for row in found}:
        problems[f"applies_to.{name}"] = f"Some of these {name} do not exist."
    return sorted({row.id for row in found})


def _customers(items: list[Any], problems: dict[str, str]) -> list[uuid.UUID]:
    ids, names = [], []
    for item in items:
        try:
            ids.append(uuid.UUID(str(item)))
        except ValueError:
            names.append(str(item).strip().lower())
    found = db.session.execute(
        select(User.id).where(or_(User.id.in_(ids), func.lower(User.username).in_(names)))
    ).scalars()
    found_ids = sorted(set(found))
    if len(found_ids) < len(set(ids)) + len(set(names)):
        problems["customers"] = "Some of these customers do not exist (give usernames or ids)."
    return found_ids


def check(data: VoucherInput, *, code_needed: bool = True) -> Checked:
    """The voucher's columns from what was typed; InvalidInput names every bad field."""
    problems: dict[str, str] = {}
    code = (data.code or "").strip()
    if code_needed and not VOUCHER_CODE_PATTERN.fullmatch(code):
        problems["code"] = "Code must be " + VOUCHER_CODE_RULE
    if data.kind not in VOUCHER_KINDS:
        problems["kind"] = f"Kind must be {PERCENT} or {AMOUNT}."
    value = _value(data, problems)
    minimum = _hundredths(data.minimum_spend if data.minimum_spend not in (None, "") else "0")
    if minimum is None or not 0 <= minimum <= MAX_CENTS:
        problems["minimum_spend"] = "Minimum spend must be an amount like 50.00, or 0."
    for name in ("starts_at", "ends_at"):
        moment = getattr(data, name)
        if moment is not None and moment.tzinfo is None:
            problems[name] = "Give a time with its zone, such as 2026-12-24T00:00:00Z."
    if (
        data.starts_at is not None
        and data.ends_at is not None
        and not {"starts_at", "ends_at"} & set(problems)
        and data.ends_at <= data.starts_at
    ):
        problems["ends_at"] = "The end must come after the start."
    usage_limit = _limit("usage_limit", data.usage_limit, problems)
    per_customer = _limit("per_customer_limit", data.per_customer_limit, problems)
    scope = data.applies_to or {}
    unknown = set(scope) - {"products", "brands", "categories"}
    if unknown:
        problems["applies_to"] = "applies_to takes products, brands and categories."
    checked = Checked(
        {
            "code": code,
            "code_key": code.upper(),
            "kind": data.kind,
            "value": value,
            "minimum_spend_cents": minimum or 0,
            "starts_at": data.starts_at,
            "ends_at": data.ends_at,
            "usage_limit": usage_limit,
            "per_customer_limit": per_customer,
        },
        _products(list(scope.get("products") or []), problems),
        _named(Brand, "brands", list(scope.get("brands") or []), problems),
        _named(Category, "categories", list(scope.get("categories") or []), problems),
        _customers(list(data.customers or []), problems),
    )
    if problems:
        raise InvalidInput(problems)
    return checked

"""What an admin asked of a campaign, checked: every bad field named, nothing written."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from ..extensions import db
from ..models import Brand, Product
from ..models.base import utcnow
from ..models.campaigns import ABANDONED, REMOVED
from ..rules import (
    CAMPAIGN_MAX_HOLD_OUT,
    CAMPAIGN_MAX_PRODUCTS,
    CAMPAIGN_MAX_VALID_DAYS,
    CAMPAIGN_NAME_MAX_LENGTH,
    CAMPAIGN_TARGETS,
    is_id,
)
from .errors import InvalidInput
from .reports import DEFAULT_DAYS, day_end, day_start

# What the target choice says, on the form and the campaign's page.
TARGET_WORDS = {
    REMOVED: "Took them out of the cart and have not bought them since",
    ABANDONED: "Left them in a cart that expired and have not bought them since",
}


@dataclass
class CampaignInput:
    """A campaign's fields as an admin gives them (the API's names)."""

    products: list[Any] = field(default_factory=list)  # ids or slugs
    brand: Any = None  # id or slug
    removed_from: date | None = None
    removed_until: date | None = None  # inclusive
    discount_percent: Any = None
    valid_days: Any = None
    hold_out_percent: Any = 0
    target: str = REMOVED


@dataclass(frozen=True)
class CheckedCampaign:
    """A campaign ready to write: ids, the window [since, until), whole numbers."""

    target: str
    product_ids: tuple[uuid.UUID, ...]
    brand_id: int | None
    since: datetime
    until: datetime
    discount_percent: int
    valid_days: int
    hold_out_percent: int
    name: str

    @property
    def fingerprint(self) -> str:
        """A digest of what was asked: asking for the same campaign again finds this one."""
        asked = [
            self.target,
            sorted(str(product_id) for product_id in self.product_ids),
            self.brand_id,
            self.since.isoformat(),
            self.until.isoformat(),
            self.discount_percent,
            self.valid_days,
            self.hold_out_percent,
        ]
        return hashlib.sha256(json.dumps(asked).encode()).hexdigest()


def _whole(
    value: Any, low: int, high: int, name: str, message: str, problems: dict[str, str]
) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        problems[name] = message
        return low
    return value


def _products(items: list[Any], problems: dict[str, str]) -> list[tuple[uuid.UUID, str]]:
    ids, slugs = set(), set()
    for item in items:
        try:
            ids.add(uuid.UUID(str(item)))
        except ValueError:
            slugs.add(str(item).strip().lower())
    if len(ids) + len(slugs) > CAMPAIGN_MAX_PRODUCTS:
        problems["products"] = f"Choose at most {CAMPAIGN_MAX_PRODUCTS} products."
        return []
    found = db.session.execute(
        select(Product.id, Product.name)
        .where(or_(Product.id.in_(ids), Product.slug.in_(slugs)))
        .order_by(Product.name, Product.id)
    ).all()
    if len(found) < len(ids) + len(slugs):
        problems["products"] = "Some of these products do not exist."
    return [(row.id, row.name) for row in found]


def _brand(text: Any, problems: dict[str, str]) -> tuple[int | None, str]:
    words = str(text).strip() if text is not None else ""
    if not words:
        return None, ""
    number = int(words) if words.isdigit() and is_id(int(words[:10])) else -1
    if isinstance(text, bool | float):
        number, words = -1, ""
    row = db.session.execute(
        select(Brand.id, Brand.name).where(or_(Brand.id == number, Brand.slug == words.lower()))
    ).first()
    if row is None:
        problems["brand"] = f"There is no brand {words!r}."
        return None, ""
    return row.id, row.name


def _name(checked: dict[str, Any], names: list[str], brand: str, first: date, last: date) -> str:
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    what = " and ".join(part for part in (shown, f"all {brand}" if brand else "") if part)
    how = "removed" if checked["target"] == REMOVED else "left in an expired cart"
    name = f"{checked['discount_percent']}% off {what}: {how} {first} to {last}"
    if len(name) > CAMPAIGN_NAME_MAX_LENGTH:
        name = name[: CAMPAIGN_NAME_MAX_LENGTH - 1] + "…"
    return name


def check(data: CampaignInput, now: datetime | None = None) -> CheckedCampaign:
    """The campaign from what was typed; InvalidInput names every bad field."""
    problems: dict[str, str] = {}
    today = (now or utcnow()).date()
    if data.target not in CAMPAIGN_TARGETS:
        problems["target"] = f"Target must be {REMOVED} or {ABANDONED}."
    products = _products(list(data.products or []), problems)
    brand_id, brand_name = _brand(data.brand, problems)
    if not products and brand_id is None and not {"products", "brand"} & set(problems):
        problems["products"] = "Choose at least one product, or a brand."
    first = data.removed_from or today - timedelta(days=DEFAULT_DAYS)
    last = data.removed_until or today
    if last < first:
        problems["removed_until"] = "Removed until must not come before Removed from."
    elif first > today:
        problems["removed_from"] = "Removed from must not be in the future."
    checked: dict[str, Any] = {
        "target": data.target,
        "discount_percent": _whole(
            data.discount_percent,
            1,
            100,
            "discount_percent",
            "Discount must be a whole number of per cent from 1 to 100.",
            problems,
        ),
        "valid_days": _whole(
            data.valid_days,
            1,
            CAMPAIGN_MAX_VALID_DAYS,
            "valid_days",
            f"Valid for must be a whole number of days from 1 to {CAMPAIGN_MAX_VALID_DAYS}.",
            problems,
        ),
        "hold_out_percent": _whole(
            data.hold_out_percent if data.hold_out_percent not in (None, "") else 0,
            0,
            CAMPAIGN_MAX_HOLD_OUT,
            "hold_out_percent",
            f"Hold out must be a whole number of per cent from 0 to {CAMPAIGN_MAX_HOLD_OUT}.",
            problems,
        ),
    }
    if problems:
        raise InvalidInput(problems)
    return CheckedCampaign(
        product_ids=tuple(product_id for product_id, _ in products),
        brand_id=brand_id,
        since=day_start(first),
        until=day_end(last),
        name=_name(checked, [name for _, name in products], brand_name, first, last),
        **checked,
    )

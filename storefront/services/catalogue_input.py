"""What an admin typed for the catalogue, checked: names, slugs, prices, whole products."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

from ..extensions import db
from ..models import Brand, Category, Store
from ..money import parse_amount
from ..rules import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PRODUCT_NAME_MAX_LENGTH,
    PRODUCT_NAME_PATTERN,
    SLUG_MAX_LENGTH,
    is_id,
)
from .errors import InvalidInput
from .slugs import slugify
from .text import NOT_STORABLE, clean_name, name_ok, storable

PRODUCT_NAME_RULE = (
    f"Name must be 1 to {PRODUCT_NAME_MAX_LENGTH} characters: letters, digits, spaces and "
    "- . ' / & + ( ) #."
)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_RULE = "Slug must be lower-case letters and digits joined by single hyphens."
MAX_PRICE_CENTS = 100_000_000  # one million dollars
MAX_STOCK = 1_000_000
# A price as the OpenAPI document says it: up to MAX_PRICE_CENTS, as ``parse_price`` reads it.
PRICE_PATTERN = r"^(?:0?[0-9]{1,6}(?:\.[0-9]{1,2})?|1000000(?:\.00?)?)$"
PRICE_RULE = (
    "Price must be an amount like 12.99: plain digits, at most two decimals, from 0 to 1000000."
)


def parse_price(text: Any) -> int:
    """A price typed in dollars (``"12.99"``) as whole cents; InvalidInput otherwise."""
    cents = parse_amount(text.strip(" ") if isinstance(text, str) else text)
    if cents is None or cents > MAX_PRICE_CENTS:
        raise InvalidInput({"price": PRICE_RULE})
    return cents


def clean_slug(slug: str | None, name: str, problems: dict[str, str]) -> str:
    """The slug typed, or one made from ``name``; a bad one is noted in ``problems``."""
    slug = (slug or "").strip() or slugify(name)
    if not SLUG.fullmatch(slug) or len(slug) > SLUG_MAX_LENGTH:
        problems["slug"] = SLUG_RULE
    return slug


def named_problems(name: str, description: str | None = None) -> dict[str, str]:
    """What is wrong with a brand's, category's or store's name and description."""
    name = name.strip()
    problems = {}
    if not 1 <= len(name) <= NAME_MAX_LENGTH:
        problems["name"] = f"Name must be 1 to {NAME_MAX_LENGTH} characters."
    elif not name_ok(name):
        problems["name"] = "Name " + NOT_STORABLE
    if not storable(description):
        problems["description"] = "Description " + NOT_STORABLE
    return problems


@dataclass
class ProductInput:
    """What an admin typed for a product."""

    name: str
    brand_id: int
    category_id: int
    store_id: int
    price: Any
    stock: Any
    active: bool = True
    slug: str | None = None
    description: str = ""
    track_stock: bool = True


def product_values(data: ProductInput) -> dict[str, Any]:
    """The product's columns from what was typed; InvalidInput names every bad field."""
    problems: dict[str, str] = {}
    name = clean_name(data.name)
    if not PRODUCT_NAME_PATTERN.fullmatch(name):
        problems["name"] = PRODUCT_NAME_RULE
    slug = clean_slug(data.slug, name, problems)
    values: dict[str, Any] = {
        "name": name,
        "slug": slug,
        "active": bool(data.active),
        "track_stock": bool(data.track_stock),
    }
    try:
        values["price_cents"] = parse_price(data.price)
    except InvalidInput as error:
        problems.update(error.fields)
    if isinstance(data.stock, bool) or not isinstance(data.stock, int):
        problems["stock"] = "Stock must be a whole number."
    elif not 0 <= data.stock <= MAX_STOCK:
        problems["stock"] = f"Stock must be from 0 to {MAX_STOCK}."
    else:
        values["stock"] = data.stock
    for field, model in (("brand_id", Brand), ("category_id", Category), ("store_id", Store)):
        key = getattr(data, field)
        if not is_id(key) or db.session.get(model, key) is None:
            problems[field] = f"Choose a {model.__name__.lower()}."
        else:
            values[field] = key
    description = (data.description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        problems["description"] = (
            f"Description must be at most {DESCRIPTION_MAX_LENGTH} characters."
        )
    elif not storable(description):
        problems["description"] = "Description " + NOT_STORABLE
    values["description"] = description
    if problems:
        raise InvalidInput(problems)
    return values


PRODUCT_FIELDS = frozenset(field.name for field in fields(ProductInput))

"""Test data made through the models, for the tests' set-up."""

from __future__ import annotations

import itertools
from typing import Any

from storefront.database import write_transaction
from storefront.models import Brand, Category, Product, Store, User
from storefront.models.base import utcnow
from storefront.services import accounts
from storefront.services.slugs import slugify
from tests.helpers import PASSWORD

_counter = itertools.count(1)


def user(
    username: str = "alice",
    password: str = PASSWORD,
    *,
    email: str | None = None,
    offers_consent: bool = False,
    **fields: Any,
) -> Any:
    """A registered user; an ``email`` given here is already confirmed (no mail queued)."""
    made = accounts.register(username, password, **fields)
    if email is None and not offers_consent:
        return made
    with write_transaction() as session:
        row = session.get(User, made.id)
        assert row is not None
        row.email = accounts.normalise_email(email)
        row.email_confirmed_at = utcnow() if email else None
        row.offers_consent = offers_consent
    return row


def _named(model: Any, name: str, **fields: Any) -> Any:
    with write_transaction() as session:
        item = model(name=name, slug=slugify(name), **fields)
        session.add(item)
    return item


def brand(name: str) -> Brand:
    return _named(Brand, name)


def category(name: str) -> Category:
    return _named(Category, name)


def store(name: str, description: str = "") -> Store:
    return _named(Store, name, description=description)


def product(
    name: str | None = None,
    *,
    brand: Brand | None = None,
    category: Category | None = None,
    store: Store | None = None,
    price_cents: int = 1000,
    stock: int = 5,
    active: bool = True,
    **fields: Any,
) -> Product:
    """A product; missing brand, category or store are made on the fly."""
    number = next(_counter)
    name = name or f"Product {number}"
    brand = brand or _named(Brand, f"Brand {number}")
    category = category or _named(Category, f"Category {number}")
    store = store or _named(Store, f"Store {number}")
    with write_transaction() as session:
        item = Product(
            name=name,
            slug=slugify(f"{brand.name} {name}"),
            brand_id=brand.id,
            category_id=category.id,
            store_id=store.id,
            price_cents=price_cents,
            stock=stock,
            active=active,
            description=fields.pop("description", ""),
            **fields,
        )
        session.add(item)
    return item


def age_carts(minutes: float) -> None:
    """Move every cart's last change ``minutes`` into the past, as if time went by."""
    from datetime import timedelta

    from sqlalchemy import select

    from storefront.models import Cart

    with write_transaction() as session:
        for cart in session.scalars(select(Cart)):
            cart.updated_at -= timedelta(minutes=minutes)

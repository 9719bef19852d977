"""The products warehouse items become: where they go, made on item.created, kept in step after."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Brand, Category, InventoryItem, Product, Store
from ...rules import PRODUCT_SLUG_MAX_LENGTH, SLUG_MAX_LENGTH
from .. import stock
from ..slugs import slugify
from .events import ACTIVE, DETAILS, STOCK, EventConflict

log = logging.getLogger("storefront.services.inventory")  # one logger for the whole feed

# Room left in a made slug for the "-2", "-3"... that keeps it unique.
SLUG_ROOM = 10


@dataclass(frozen=True)
class Placement:
    """Where products made from warehouse items go: store, brand and category names."""

    store: str
    brand: str
    category: str

    @classmethod
    def from_settings(cls, config: Mapping[str, Any]) -> Placement:
        """The placement the settings name."""
        return cls(
            store=str(config["INVENTORY_DEFAULT_STORE"]),
            brand=str(config["INVENTORY_DEFAULT_BRAND"]),
            category=str(config["INVENTORY_DEFAULT_CATEGORY"]),
        )


def create_product(session: Session, state: InventoryItem, placement: Placement) -> Product:
    """The product for a newly created item, from its newest values, where ``placement`` says."""
    # item.created carries name, price and active, so every one of them is known here.
    assert state.name is not None
    assert state.price_cents is not None
    assert state.active is not None
    brand = named(session, Brand, placement.brand)
    category = named(session, Category, placement.category)
    store = named(session, Store, placement.store)
    _check_name_free(session, brand, state.name, None)
    product = Product(
        name=state.name,
        slug=_free_slug(
            session,
            Product,
            slugify(f"{brand.name} {state.name}", PRODUCT_SLUG_MAX_LENGTH - SLUG_ROOM),
        ),
        brand_id=brand.id,
        category_id=category.id,
        store_id=store.id,
        description="",
        price_cents=state.price_cents,
        stock=state.stock or 0,
        # An item sent without a quantity is not counted until an item.stock_set says how many.
        track_stock=state.stock is not None,
        active=state.active,
        warehouse_item_id=state.item_id,
    )
    session.add(product)
    session.flush()
    return product


def update_product(
    session: Session, product: Product, state: InventoryItem, changed: list[str]
) -> None:
    """Copy the item's ``changed`` groups onto its product; stock never below reservations."""
    if DETAILS in changed:
        assert state.name is not None
        assert state.price_cents is not None
        if state.name.lower() != product.name.lower():
            _check_name_free(session, product.brand, state.name, product.id)
        product.name, product.price_cents = state.name, state.price_cents
    if ACTIVE in changed:
        assert state.active is not None
        product.active = state.active
    if STOCK in changed:
        assert state.stock is not None
        # A quantity from the warehouse turns counting on; what carts hold then reserves.
        product.track_stock = True
        product.stock = _stock_within_reservations(product, state.stock)
    session.flush()


def _stock_within_reservations(product: Product, requested: int) -> int:
    """``requested``, or what carts hold of the product when that is more."""
    reserved = stock.reserved_quantity(product.id)
    if requested >= reserved:
        return requested
    log.warning(
        "inventory stock set below reservations; kept at reserved product=%s item=%s "
        "requested=%d reserved=%d short=%d",
        product.id,
        product.warehouse_item_id,
        requested,
        reserved,
        reserved - requested,
    )
    return reserved


def _check_name_free(
    session: Session, brand: Brand, name: str, product_id: uuid.UUID | None
) -> None:
    clash = select(Product.id).where(
        Product.brand_id == brand.id, func.lower(Product.name) == name.lower()
    )
    if product_id is not None:
        clash = clash.where(Product.id != product_id)
    if session.scalar(clash.limit(1)) is not None:
        raise EventConflict(f"brand {brand.name} already has a product named {name}")


def named(session: Session, model: type[Brand] | type[Category] | type[Store], name: str) -> Any:
    """The brand, category or store with this name (in any case), made when missing."""
    found = session.scalar(select(model).where(func.lower(model.name) == name.lower()))
    if found is not None:
        return found
    made = model(
        name=name, slug=_free_slug(session, model, slugify(name, SLUG_MAX_LENGTH - SLUG_ROOM))
    )
    session.add(made)
    session.flush()
    log.info("inventory made %s name=%s for warehouse items", model.__tablename__, name)
    return made


def _free_slug(session: Session, model: Any, base: str) -> str:
    slug, number = base, 1
    while session.scalar(select(model.slug).where(model.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug

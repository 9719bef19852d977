"""Running the catalogue: brands, categories, stores and products, their prices and stock."""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from ..models import Brand, Category, Product, Store
from ..rules import is_id
from . import stock
from .catalogue_input import (
    MAX_STOCK,
    PRODUCT_FIELDS,
    ProductInput,
    clean_slug,
    named_problems,
    product_values,
)
from .catalogue_lookups import Named
from .errors import Conflict, InvalidInput, NotFound
from .inventory.products import Placement, named
from .text import clean_name

log = logging.getLogger(__name__)


class NameTaken(Conflict):
    """A unique name or slug is already in use."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.fields = {field: message}


class StockBelowReserved(Conflict):
    """Stock cannot go below what carts hold."""

    def __init__(self, reserved: int) -> None:
        super().__init__(
            f"{reserved} units are reserved in active carts; stock cannot go below {reserved}."
        )
        self.reserved = reserved
        self.fields = {"stock": self.message}


class ItemNotFound(NotFound):
    def __init__(self, what: str = "item") -> None:
        super().__init__(f"There is no such {what}.")


def _check_unique(model: type[Any], item_id: Any, name_column: Any, name: str, slug: str) -> None:
    clash = db.session.scalar(
        select(model.id).where(func.lower(name_column) == name.lower(), model.id != item_id)
    )
    if clash is not None:
        raise NameTaken("name", f"The name {name} is already taken.")
    clash = db.session.scalar(select(model.id).where(model.slug == slug, model.id != item_id))
    if clash is not None:
        raise NameTaken("slug", f"The slug {slug} is already in use.")


def save_named(
    model: type[Named],
    item_id: int | None,
    name: str,
    slug: str | None = None,
    description: str | None = None,
) -> Named:
    """Create (item_id None) or edit a brand, category or store."""
    name = clean_name(name)
    problems = named_problems(name, description)
    slug = clean_slug(slug, name, problems)
    if problems:
        raise InvalidInput(problems)
    try:
        with write_transaction() as session:
            if item_id is None:
                item = model()
            else:
                item = session.get(model, item_id) if is_id(item_id) else None
            if item is None:
                raise ItemNotFound(model.__name__.lower())
            _check_unique(model, item_id or -1, model.name, name, slug)
            item.name = name
            item.slug = slug
            if model is Store:
                item.description = (description or "").strip()
            session.add(item)
    except IntegrityError:
        raise NameTaken("name", f"The name {name} is already taken.") from None
    return item


def save_product(product_id: uuid.UUID | None, data: ProductInput) -> Product:
    """Create (product_id None) or replace all of a product's fields; counted stock stays >=
    reserved."""
    if product_id is not None:
        return update_product(product_id, asdict(data))
    values = product_values(data)
    try:
        with write_transaction() as session:
            _check_product_unique(None, values)
            product = Product(**values)
            session.add(product)
    except IntegrityError:
        raise NameTaken("name", "That brand already has a product of this name.") from None
    _log_saved(product)
    return product


def _log_saved(product: Product) -> None:
    log.info(
        "product saved product=%s price_cents=%s stock=%s",
        product.id,
        product.price_cents,
        product.stock,
    )


def update_product(
    product_id: uuid.UUID, changes: dict[str, Any], *, stock_delta: int | None = None
) -> Product:
    """Change some of a product's fields, and move its stock by ``stock_delta``, at once.

    The fields not named keep the values the product has when its row is locked, so
    stock sold meanwhile is never written back. Stock never goes below what carts hold.
    """
    unknown = set(changes) - PRODUCT_FIELDS
    if unknown:
        raise InvalidInput(dict.fromkeys(sorted(unknown), "There is no such field."))
    if stock_delta is not None and "stock" in changes:
        raise InvalidInput({"stock_delta": "Give either stock or stock_delta, not both."})
    if isinstance(stock_delta, bool) or not isinstance(stock_delta, int | None):
        raise InvalidInput({"stock_delta": "The change in stock must be a whole number."})
    try:
        with write_transaction():
            product = stock.lock_product(product_id)
            if product is None:
                raise ItemNotFound("product")
            current = ProductInput(
                name=product.name,
                brand_id=product.brand_id,
                category_id=product.category_id,
                store_id=product.store_id,
                price=str(product.price),
                stock=product.stock + (stock_delta or 0),
                active=product.active,
                slug=product.slug,
                description=product.description,
                track_stock=product.track_stock,
            )
            try:
                values = product_values(replace(current, **changes))
            except InvalidInput as error:
                if stock_delta is not None and "stock" in error.fields:
                    error.fields["stock_delta"] = error.fields.pop("stock")
                raise
            _check_product_unique(product_id, values)
            # Counted stock never goes below what carts hold (they reserve only then).
            reserved = stock.reserved_quantity(product_id) if values["track_stock"] else 0
            if values["stock"] < reserved:
                raise StockBelowReserved(reserved)
            for key, value in values.items():
                setattr(product, key, value)
    except IntegrityError:
        raise NameTaken("name", "That brand already has a product of this name.") from None
    _log_saved(product)
    return product


def _check_product_unique(product_id: uuid.UUID | None, values: dict[str, Any]) -> None:
    others = Product.id != product_id if product_id is not None else true()
    if db.session.scalar(
        select(Product.id).where(
            Product.brand_id == values["brand_id"],
            func.lower(Product.name) == values["name"].lower(),
            others,
        )
    ):
        raise NameTaken("name", "That brand already has a product of this name.")
    if db.session.scalar(select(Product.id).where(Product.slug == values["slug"], others)):
        raise NameTaken("slug", f"The slug {values['slug']} is already in use.")


def change_stock(
    product_id: uuid.UUID, *, set_to: int | None = None, delta: int | None = None
) -> Product:
    """Set the stock, or move it by ``delta``; never below what carts hold, never negative."""
    with write_transaction():
        product = stock.lock_product(product_id)
        if product is None:
            raise ItemNotFound("product")
        target = set_to if set_to is not None else product.stock + (delta or 0)
        if target < 0 or target > MAX_STOCK:
            raise InvalidInput({"stock": f"Stock must end up from 0 to {MAX_STOCK}."})
        reserved = stock.reserved_quantity(product_id) if product.track_stock else 0
        if target < reserved:
            raise StockBelowReserved(reserved)
        product.stock = target
    log.info("stock changed product=%s stock=%s", product_id, target)
    return product


def create_placed_product(name: str, stock_count: int, price: Any, placement: Placement) -> Product:
    """A product where ``placement`` says (its store, brand and category made when missing)."""
    with write_transaction() as session:
        brand_id = named(session, Brand, placement.brand).id
        category_id = named(session, Category, placement.category).id
        store_id = named(session, Store, placement.store).id
    return save_product(
        None,
        ProductInput(
            name=name,
            brand_id=brand_id,
            category_id=category_id,
            store_id=store_id,
            price=price,
            stock=stock_count,
        ),
    )

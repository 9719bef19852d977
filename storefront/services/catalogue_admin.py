"""Running the catalogue: brands, categories, stores and products, their prices and stock."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy import func, select, true
from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from ..models import Brand, Category, Product, Store
from . import stock
from .errors import Conflict, InvalidInput, NotFound
from .pages import page_of
from .product_rules import is_id
from .slugs import slugify
from .text import NOT_STORABLE, storable

log = logging.getLogger(__name__)

PRODUCT_NAME = re.compile(r"[A-Za-z0-9 \-.'/&+()#]{1,120}")
PRODUCT_NAME_RULE = (
    "Name must be 1 to 120 characters: letters, digits, spaces and - . ' / & + ( ) #."
)
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_RULE = "Slug must be lower-case letters and digits joined by single hyphens."
MAX_PRICE_CENTS = 100_000_000  # one million dollars
MAX_STOCK = 1_000_000

Named = TypeVar("Named", Brand, Category, Store)


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


def parse_price(text: Any) -> int:
    """A price typed in dollars (``"12.99"``) as whole cents; InvalidInput otherwise."""
    rule = "Price must be an amount like 12.99, from 0 to 1000000."
    try:
        amount = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput({"price": rule}) from None
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise InvalidInput({"price": rule})
    cents = int(amount * 100)
    if cents > MAX_PRICE_CENTS:
        raise InvalidInput({"price": rule})
    return cents


def _clean_slug(slug: str | None, name: str, problems: dict[str, str]) -> str:
    slug = (slug or "").strip() or slugify(name)
    if not SLUG.fullmatch(slug) or len(slug) > 100:
        problems["slug"] = SLUG_RULE
    return slug


def _named_problems(name: str, description: str | None = None) -> dict[str, str]:
    name = name.strip()
    problems = {}
    if not 1 <= len(name) <= 80:
        problems["name"] = "Name must be 1 to 80 characters."
    elif not storable(name):
        problems["name"] = "Name " + NOT_STORABLE
    if not storable(description):
        problems["description"] = "Description " + NOT_STORABLE
    return problems


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
    name = (name or "").strip()
    problems = _named_problems(name, description)
    slug = _clean_slug(slug, name, problems)
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


def _product_values(data: ProductInput) -> dict[str, Any]:
    problems: dict[str, str] = {}
    name = (data.name or "").strip()
    if not PRODUCT_NAME.fullmatch(name):
        problems["name"] = PRODUCT_NAME_RULE
    slug = _clean_slug(data.slug, name, problems)
    values: dict[str, Any] = {"name": name, "slug": slug, "active": bool(data.active)}
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
    if len(description) > 5000:
        problems["description"] = "Description must be at most 5000 characters."
    elif not storable(description):
        problems["description"] = "Description " + NOT_STORABLE
    values["description"] = description
    if problems:
        raise InvalidInput(problems)
    return values


def save_product(product_id: uuid.UUID | None, data: ProductInput) -> Product:
    """Create (product_id None) or replace all of a product's fields; stock stays >= reserved."""
    if product_id is not None:
        return update_product(product_id, asdict(data))
    values = _product_values(data)
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


PRODUCT_FIELDS = frozenset(field.name for field in fields(ProductInput))


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
            )
            try:
                values = _product_values(replace(current, **changes))
            except InvalidInput as error:
                if stock_delta is not None and "stock" in error.fields:
                    error.fields["stock_delta"] = error.fields.pop("stock")
                raise
            _check_product_unique(product_id, values)
            reserved = stock.reserved_quantity(product_id)
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
        reserved = stock.reserved_quantity(product_id)
        if target < reserved:
            raise StockBelowReserved(reserved)
        product.stock = target
    log.info("stock changed product=%s stock=%s", product_id, target)
    return product


def search_named(
    model: type[Named], search: str | None, page: int, per_page: int
) -> tuple[list[Named], int]:
    """A page of brands, categories or stores whose name contains ``search``."""
    if not storable(search):
        return [], 0
    condition = model.name.ilike(f"%{_escape_like(search)}%", escape="\\") if search else true()
    return page_of(model, condition, (func.lower(model.name), model.id), page, per_page)


def search_products(search: str | None, page: int, per_page: int) -> tuple[list[Product], int]:
    """A page of all products (active or not) whose name contains ``search``."""
    if not storable(search):
        return [], 0
    condition = Product.name.ilike(f"%{_escape_like(search)}%", escape="\\") if search else true()
    return page_of(Product, condition, (func.lower(Product.name), Product.id), page, per_page)


def _escape_like(text: str | None) -> str:
    return (text or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

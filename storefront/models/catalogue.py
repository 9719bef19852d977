"""What the shop sells: brands, categories, stores and their products."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    Uuid,
    event,
    func,
    inspect,
    select,
    true,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..rules import (
    NAME_MAX_LENGTH,
    PRODUCT_NAME_MAX_LENGTH,
    PRODUCT_SLUG_MAX_LENGTH,
    SLUG_MAX_LENGTH,
)
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .images import ProductImage


class Brand(db.Model):
    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX_LENGTH), unique=True)

    def __repr__(self) -> str:
        return f"<Brand {self.name}>"


class Category(db.Model):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX_LENGTH), unique=True)

    def __repr__(self) -> str:
        return f"<Category {self.name}>"


class Store(db.Model):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX_LENGTH), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"<Store {self.name}>"


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price_cents >= 0", name="price_not_negative"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(PRODUCT_NAME_MAX_LENGTH))
    slug: Mapped[str] = mapped_column(String(PRODUCT_SLUG_MAX_LENGTH), unique=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brands.id"))
    # A copy of the brand's name, kept in step by the events below, so that the catalogue's
    # sort by brand is served by an index on this table alone.
    brand_name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    # Money is kept in whole cents: exact on every database, never a float.
    price_cents: Mapped[int]
    stock: Mapped[int] = mapped_column(default=0)
    # Whether stock is counted. An untracked product (a warehouse item sent without a
    # quantity, or one an admin chose not to count) is sold while active, and its cart
    # lines reserve nothing; its ``stock`` is kept but not read.
    track_stock: Mapped[bool] = mapped_column(default=True, server_default=true())
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The warehouse's id for the item this product mirrors; None for the shop's own products.
    warehouse_item_id: Mapped[str | None] = mapped_column(String(64))
    # The product's first image (services/images.py keeps it so), read with the product.
    cover_image_id: Mapped[int | None] = mapped_column()

    brand: Mapped[Brand] = relationship(lazy="joined", innerjoin=True)
    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    store: Mapped[Store] = relationship(lazy="joined", innerjoin=True)
    # Listings, the product page, the cart and orders show the cover: joined, never a
    # statement of its own. All the images, in order, only when asked for.
    cover_image: Mapped[ProductImage | None] = relationship(
        primaryjoin="foreign(Product.cover_image_id) == ProductImage.id",
        lazy="joined",
        viewonly=True,
    )
    images: Mapped[list[ProductImage]] = relationship(
        order_by="(ProductImage.position, ProductImage.id)", viewonly=True
    )

    @property
    def price(self) -> Decimal:
        """The price in dollars, with exactly two decimals."""
        return cents_to_decimal(self.price_cents)

    def __repr__(self) -> str:
        return f"<Product {self.name}>"


def cents_to_decimal(cents: int) -> Decimal:
    """Whole cents as a two-decimal amount of dollars."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


# Names are unique regardless of case; a brand has one product of a name.
Index("uq_brands_name_lower", func.lower(Brand.name), unique=True)
Index("uq_categories_name_lower", func.lower(Category.name), unique=True)
Index("uq_stores_name_lower", func.lower(Store.name), unique=True)
Index("uq_products_brand_name_lower", Product.brand_id, func.lower(Product.name), unique=True)
# The catalogue's sort orders and filters: one index per sort, alone and after each filter,
# in the sort's exact order and ending with id, so that a page reads only its own rows.
# (With the brand filter, sorting by brand is sorting by name.)
Index("ix_products_name_id", Product.name, Product.id)
Index("ix_products_brandsort_id", Product.brand_name, Product.name, Product.id)
Index("ix_products_price_id", Product.price_cents, Product.id)
Index("ix_products_created_id", Product.created_at, Product.id)
Index("ix_products_brand_name_id", Product.brand_id, Product.name, Product.id)
Index("ix_products_brand_price_id", Product.brand_id, Product.price_cents, Product.id)
Index("ix_products_brand_created_id", Product.brand_id, Product.created_at, Product.id)
Index("ix_products_category_name_id", Product.category_id, Product.name, Product.id)
Index(
    "ix_products_category_brandsort_id",
    Product.category_id,
    Product.brand_name,
    Product.name,
    Product.id,
)
Index("ix_products_category_price_id", Product.category_id, Product.price_cents, Product.id)
Index("ix_products_category_created_id", Product.category_id, Product.created_at, Product.id)
Index("ix_products_store_name_id", Product.store_id, Product.name, Product.id)
Index(
    "ix_products_store_brandsort_id", Product.store_id, Product.brand_name, Product.name, Product.id
)
Index("ix_products_store_price_id", Product.store_id, Product.price_cents, Product.id)
Index("ix_products_store_created_id", Product.store_id, Product.created_at, Product.id)
# A unique index rather than a constraint: several NULLs are allowed, and SQLite can add it
# without rebuilding the table.
Index("uq_products_warehouse_item_id", Product.warehouse_item_id, unique=True)


def _brand_name(connection: Any, brand_id: int) -> str:
    return connection.scalar(select(Brand.name).where(Brand.id == brand_id))


@event.listens_for(Product, "before_insert")
def _name_brand_of_new_product(_mapper: Any, connection: Any, product: Product) -> None:
    """Give a new product its brand's name."""
    if not product.brand_name:
        product.brand_name = _brand_name(connection, product.brand_id)


@event.listens_for(Product, "before_update")
def _rename_brand_of_moved_product(_mapper: Any, connection: Any, product: Product) -> None:
    """A product moved to another brand takes that brand's name."""
    if inspect(product).attrs.brand_id.history.has_changes():
        product.brand_name = _brand_name(connection, product.brand_id)


@event.listens_for(Brand, "after_update")
def _rename_brand_on_products(_mapper: Any, connection: Any, brand: Brand) -> None:
    """A renamed brand's products sort under its new name."""
    if inspect(brand).attrs.name.history.has_changes():
        connection.execute(
            update(Product.__table__)
            .where(Product.__table__.c.brand_id == brand.id)
            .values(brand_name=brand.name)
        )


class LookupStamp(db.Model):
    """A number the database raises on every change to brands, categories or stores.

    Triggers (migration 0009) keep it; processes cache the filter lists and read only this
    number per page, so an admin's change shows at once in every process.
    """

    __tablename__ = "lookup_stamps"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)

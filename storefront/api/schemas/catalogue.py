"""Products, brands, categories and stores, as anyone may read them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, post_dump, validate

from ...models import Product
from ...rules import SEARCH_QUERY_MAX_LENGTH
from ...services.catalogue_query import SEARCH_SORTS
from .common import Money, PageQuery, page_schema, shop_currency
from .images import ImageSchema


@dataclass(frozen=True)
class ProductView:
    """A product with what a listing adds: units available, and units in the caller's cart."""

    product: Product
    available: int
    in_cart: int | None = None
    # The product's images in order; None reads them from the product.
    images: list[Any] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.product, name)


class BrandSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)


class CategorySchema(BrandSchema):
    pass


class StoreSchema(BrandSchema):
    description = fields.String(required=True)


class ProductSchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    brand = fields.Nested(BrandSchema, required=True)
    category = fields.Nested(CategorySchema, required=True)
    store = fields.Nested(StoreSchema, required=True)
    description = fields.String(required=True)
    price = Money(attribute="price_cents", required=True)
    currency = shop_currency()
    active = fields.Boolean(required=True)
    track_stock = fields.Boolean(
        required=True,
        metadata={
            "description": "Whether stock is counted. When false nothing is counted: the "
            "product is for sale while active, and available is the most one cart line holds."
        },
    )
    available = fields.Integer(
        required=True,
        metadata={"description": "Units that can still be put in a cart (0 when switched off)."},
    )
    in_cart = fields.Integer(
        metadata={"description": "Units of it in the cart named by ?cart= (only then)."}
    )
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    images = fields.Method(
        "_images",
        metadata={
            "description": "Its pictures, cover first, each with its WebP copies' URLs and sizes.",
            "type": "array",
            "items": {"$ref": "#/components/schemas/Image"},
        },
    )

    def _images(self, view: Any) -> list[dict[str, Any]]:
        found = getattr(view, "images", None)
        product = getattr(view, "product", view)
        return ImageSchema(many=True).dump(product.images if found is None else found)

    @post_dump
    def _drop_unasked(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        if data.get("in_cart") is None:
            data.pop("in_cart", None)
        return data


class ProductQuery(PageQuery):
    brand = fields.String(metadata={"description": "A brand's slug."})
    category = fields.String(metadata={"description": "A category's slug."})
    store = fields.String(metadata={"description": "A store's slug."})
    q = fields.String(
        validate=validate.Length(max=SEARCH_QUERY_MAX_LENGTH),
        metadata={
            "description": "Words to search for in names, brands, categories and descriptions: "
            'quoted phrases ("les paul"), -word to leave out, the last word also as a prefix.'
        },
    )
    sort = fields.String(
        validate=validate.OneOf(list(SEARCH_SORTS)),
        metadata={
            "description": "`relevance` (the default with `q`, which it needs) or `name` "
            "(the default without)."
        },
    )
    cart = fields.UUID(
        metadata={"description": "One of your carts: each product then says how many it holds."}
    )


class StoreProductQuery(ProductQuery):
    class Meta:
        exclude = ("store",)


ProductPageSchema = page_schema("ProductPage", ProductSchema)
BrandPageSchema = page_schema("BrandPage", BrandSchema)
CategoryPageSchema = page_schema("CategoryPage", CategorySchema)
StorePageSchema = page_schema("StorePage", StoreSchema)


def in_cart_counts(lines: Any) -> dict[uuid.UUID, int]:
    """Units per product in a cart's lines."""
    return {line.product_id: line.quantity for line in lines}

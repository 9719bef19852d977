"""The catalogue as anyone may read it: products, brands, categories, stores."""

from __future__ import annotations

import uuid
from typing import Any

from ...models import Brand, Category, Product, Store
from ...services import carts, catalogue, catalogue_lookups, images, search
from ...services.catalogue_query import DEFAULT_SORT, RELEVANCE, CatalogueQuery
from ..auth import Access, caller
from ..blueprint import ApiBlueprint
from ..errors import ApiError, invalid
from ..schemas.catalogue import (
    BrandPageSchema,
    CategoryPageSchema,
    ProductPageSchema,
    ProductQuery,
    ProductSchema,
    ProductView,
    StorePageSchema,
    StoreProductQuery,
    in_cart_counts,
)
from ..schemas.common import PageQuery, page_of

blp = ApiBlueprint(
    "catalogue",
    __name__,
    url_prefix="/api/v1",
    description="Products for sale, and the brands, categories and stores they belong to.",
)


def product_view(product: Product, in_cart: int | None = None) -> ProductView:
    """A product with what can still be put in a cart (nothing, when it is switched off)."""
    available = catalogue_lookups.available_for(product) if product.active else 0
    return ProductView(product, max(available, 0), in_cart)


def _held(held: dict[uuid.UUID, int] | None, product_id: uuid.UUID) -> int | None:
    return None if held is None else held.get(product_id, 0)


def _listing(query: dict[str, Any], store: Store | None = None) -> dict[str, Any]:
    q = (query.get("q") or "").strip() or None
    sort = query.get("sort") or (RELEVANCE if q else DEFAULT_SORT)
    if sort == RELEVANCE and q is None:
        raise invalid({"sort": "Sorting by relevance needs words to search for (q)."})
    wanted = CatalogueQuery(
        brand=query.get("brand"),
        category=query.get("category"),
        store=store.slug if store else query.get("store"),
        sort=sort,
        page=query["page"],
        q=q,
    )
    held: dict[uuid.UUID, int] | None = None
    if "cart" in query:
        user = caller()
        if user is None:
            raise ApiError(401, "Naming a cart needs a token: send Authorization: Bearer <token>.")
        held = in_cart_counts(carts.get_cart(query["cart"], user.id).lines)
    find, count = (
        (catalogue.list_products, catalogue.count_products)
        if q is None
        else (search.search_products, search.count_matches)
    )
    page = find(wanted, query["per_page"])
    if page.unknown_filters:
        raise invalid(
            {name: f"There is no {name} with this slug." for name in page.unknown_filters}
        )
    pictures = images.images_by_product([listed.product.id for listed in page.items])
    items = [
        ProductView(
            listed.product,
            listed.available,
            _held(held, listed.product.id),
            pictures[listed.product.id],
        )
        for listed in page.items
    ]
    return page_of(items, query["page"], query["per_page"], count(wanted))


@blp.route("/products", methods=["GET"])
@blp.access(Access.OPTIONAL)
@blp.arguments(ProductQuery, location="query")
@blp.response(200, ProductPageSchema)
@blp.alt_response(404, response="NOT_FOUND", description="The cart is not yours, or gone.")
@blp.doc(operationId="listProducts")
def list_products(query: dict[str, Any]) -> dict[str, Any]:
    """Products for sale: active, with units available, or those matching a search

    The same filters and sorts as the catalogue page. With `q`, only the products matching
    those words, best match first unless another `sort` is asked for. With `cart` (one of
    your carts, and then a token is needed) each product also says how many of it the cart
    holds.
    """
    return _listing(query)


@blp.route("/products/<uuid:product_id>", methods=["GET"])
@blp.access(Access.PUBLIC)
@blp.response(200, ProductSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="getProduct")
def get_product(product_id: uuid.UUID) -> ProductView:
    """One product, also when it is sold out or switched off"""
    product = catalogue_lookups.get_product(product_id)
    if product is None:
        raise ApiError(404, "There is no such product.")
    return product_view(product)


def _named_page(model: type[Brand | Category | Store], query: dict[str, Any]) -> dict[str, Any]:
    items, total = catalogue_lookups.search_named(model, None, query["page"], query["per_page"])
    return page_of(items, query["page"], query["per_page"], total)


@blp.route("/brands", methods=["GET"])
@blp.access(Access.PUBLIC)
@blp.arguments(PageQuery, location="query")
@blp.response(200, BrandPageSchema)
@blp.doc(operationId="listBrands")
def list_brands(query: dict[str, Any]) -> dict[str, Any]:
    """Brands, by name"""
    return _named_page(Brand, query)


@blp.route("/categories", methods=["GET"])
@blp.access(Access.PUBLIC)
@blp.arguments(PageQuery, location="query")
@blp.response(200, CategoryPageSchema)
@blp.doc(operationId="listCategories")
def list_categories(query: dict[str, Any]) -> dict[str, Any]:
    """Categories, by name"""
    return _named_page(Category, query)


@blp.route("/stores", methods=["GET"])
@blp.access(Access.PUBLIC)
@blp.arguments(PageQuery, location="query")
@blp.response(200, StorePageSchema)
@blp.doc(operationId="listStores")
def list_stores(query: dict[str, Any]) -> dict[str, Any]:
    """The marketplace's stores, by name"""
    return _named_page(Store, query)


@blp.route("/stores/<int:store_id>/products", methods=["GET"])
@blp.access(Access.OPTIONAL)
@blp.arguments(StoreProductQuery, location="query")
@blp.response(200, ProductPageSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="listStoreProducts")
def store_products(query: dict[str, Any], store_id: int) -> dict[str, Any]:
    """A store's assortment, with the same filters as the product list"""
    store = catalogue_lookups.get_named(Store, store_id)
    if store is None:
        raise ApiError(404, "There is no such store.")
    return _listing(query, store)

"""Admins add and edit brands, categories, stores and products."""

from __future__ import annotations

import uuid
from typing import Any

from ...models import Brand, Category, Store
from ...services import catalogue_admin, catalogue_lookups
from ...services.catalogue_input import ProductInput
from ..auth import Access
from ..blueprint import ApiBlueprint
from ..errors import ApiError
from ..schemas.admin import (
    AdminProductSchema,
    NamedCreateSchema,
    NamedPatchSchema,
    ProductCreateSchema,
    ProductPatchSchema,
    StoreCreateSchema,
    StorePatchSchema,
)
from ..schemas.catalogue import BrandSchema, CategorySchema, ProductView, StoreSchema
from .catalogue import product_view

blp = ApiBlueprint(
    "catalogue admin",
    __name__,
    url_prefix="/api/v1",
    description="Admins only: create and edit brands, categories, stores and products.",
)

TAKEN = "The name or slug is already taken."


def _create(model: type[Brand | Category | Store], data: dict[str, Any]) -> Any:
    return catalogue_admin.save_named(
        model, None, data["name"], data.get("slug"), data.get("description")
    )


def _patch(model: type[Brand | Category | Store], item_id: int, data: dict[str, Any]) -> Any:
    item = catalogue_lookups.get_named(model, item_id)
    if item is None:
        raise ApiError(404, f"There is no such {model.__name__.lower()}.")
    description = getattr(item, "description", None)
    return catalogue_admin.save_named(
        model,
        item_id,
        data.get("name", item.name),
        data.get("slug", item.slug),
        data.get("description", description),
    )


def _named_routes(path: str, model: Any, schema: Any, create: Any, patch: Any) -> None:
    """POST ``/path`` and PATCH ``/path/<id>`` for one kind of named item."""
    noun = model.__name__.lower()

    def create_view(data: dict[str, Any]) -> Any:
        return _create(model, data)

    def patch_view(data: dict[str, Any], item_id: int) -> Any:
        return _patch(model, item_id, data)

    create_view.__doc__ = f"Create a {noun}"
    patch_view.__doc__ = f"Change a {noun}'s name or slug; what is left out stays"
    create_view.__name__ = f"create_{noun}"
    patch_view.__name__ = f"update_{noun}"

    noun_id = noun.capitalize()
    blp.route(path, methods=["POST"])(
        blp.doc(operationId=f"create{noun_id}")(
            blp.access(Access.ADMIN)(
                blp.arguments(create)(
                    blp.response(201, schema)(
                        blp.alt_response(409, response="CONFLICT", description=TAKEN)(create_view)
                    )
                )
            )
        )
    )
    blp.route(f"{path}/<int:item_id>", methods=["PATCH"])(
        blp.doc(operationId=f"update{noun_id}")(
            blp.access(Access.ADMIN)(
                blp.arguments(patch)(
                    blp.response(200, schema)(
                        blp.alt_response(404, response="NOT_FOUND")(
                            blp.alt_response(409, response="CONFLICT", description=TAKEN)(
                                patch_view
                            )
                        )
                    )
                )
            )
        )
    )


_named_routes("/brands", Brand, BrandSchema, NamedCreateSchema, NamedPatchSchema)
_named_routes("/categories", Category, CategorySchema, NamedCreateSchema, NamedPatchSchema)
_named_routes("/stores", Store, StoreSchema, StoreCreateSchema, StorePatchSchema)


@blp.route("/products", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.arguments(ProductCreateSchema)
@blp.response(201, AdminProductSchema)
@blp.alt_response(409, response="CONFLICT", description=TAKEN)
@blp.doc(operationId="createProduct")
def create_product(data: dict[str, Any]) -> ProductView:
    """Create a product"""
    product = catalogue_admin.save_product(None, ProductInput(**data))
    return product_view(product)


@blp.route("/products/<uuid:product_id>", methods=["PATCH"])
@blp.access(Access.ADMIN)
@blp.arguments(ProductPatchSchema)
@blp.response(200, AdminProductSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(
    409, response="CONFLICT", description=TAKEN + " Or stock would go below what carts hold."
)
@blp.doc(operationId="updateProduct")
def update_product(data: dict[str, Any], product_id: uuid.UUID) -> ProductView:
    """Change a product: price, stock (set, or moved by stock_delta), active, other fields

    What is left out stays as it is. Stock never goes below what active carts hold.
    """
    delta = data.pop("stock_delta", None)
    product = catalogue_admin.update_product(product_id, data, stock_delta=delta)
    return product_view(product)

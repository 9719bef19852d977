"""Shipping methods: the active ones for customers; all of them, and changes, for admins."""

from __future__ import annotations

from typing import Any

from ...models import ShippingMethod
from ...services import shipping_methods
from ..auth import Access
from ..blueprint import ApiBlueprint
from ..schemas.common import PageQuery, sliced
from ..schemas.shipping import (
    EXAMPLE,
    AdminShippingMethodPageSchema,
    AdminShippingMethodSchema,
    ShippingMethodCreateSchema,
    ShippingMethodPageSchema,
    ShippingMethodPatchSchema,
)

blp = ApiBlueprint(
    "shipping",
    __name__,
    url_prefix="/api/v1",
    description="Shipping methods: the active ones, which `shipping_method` on an order may "
    "name. Orders keep a copy of the method's name and price.",
)
admin_blp = ApiBlueprint(
    "shipping admin",
    __name__,
    url_prefix="/api/v1",
    description="Admins only: create, change and delete shipping methods.",
)

TAKEN = "A shipping method of that name already exists."


@blp.route("/shipping-methods", methods=["GET"])
@blp.access(Access.PUBLIC)
@blp.arguments(PageQuery, location="query")
@blp.response(200, ShippingMethodPageSchema)
@blp.doc(operationId="listShippingMethods")
def list_shipping_methods(query: dict[str, Any]) -> dict[str, Any]:
    """The shipping methods checkout offers, cheapest first"""
    return sliced(shipping_methods.list_methods(active_only=True), query)


@admin_blp.route("/admin/shipping-methods", methods=["GET"])
@admin_blp.access(Access.ADMIN)
@admin_blp.arguments(PageQuery, location="query")
@admin_blp.response(200, AdminShippingMethodPageSchema)
@admin_blp.doc(operationId="adminListShippingMethods")
def admin_list_shipping_methods(query: dict[str, Any]) -> dict[str, Any]:
    """Every shipping method, active or not"""
    return sliced(shipping_methods.list_methods(), query)


@admin_blp.route("/admin/shipping-methods", methods=["POST"])
@admin_blp.access(Access.ADMIN)
@admin_blp.arguments(ShippingMethodCreateSchema, example=EXAMPLE)
@admin_blp.response(201, AdminShippingMethodSchema)
@admin_blp.alt_response(409, response="CONFLICT", description=TAKEN)
@admin_blp.doc(operationId="createShippingMethod")
def create_shipping_method(data: dict[str, Any]) -> ShippingMethod:
    """Create a shipping method"""
    return shipping_methods.save_method(None, data)


@admin_blp.route("/admin/shipping-methods/<int:method_id>", methods=["GET"])
@admin_blp.access(Access.ADMIN)
@admin_blp.response(200, AdminShippingMethodSchema)
@admin_blp.alt_response(404, response="NOT_FOUND")
@admin_blp.doc(operationId="getShippingMethod")
def get_shipping_method(method_id: int) -> ShippingMethod:
    """One shipping method"""
    return shipping_methods.get_method(method_id)


@admin_blp.route("/admin/shipping-methods/<int:method_id>", methods=["PATCH"])
@admin_blp.access(Access.ADMIN)
@admin_blp.arguments(ShippingMethodPatchSchema, example={"price": "5.49", "free_from": None})
@admin_blp.response(200, AdminShippingMethodSchema)
@admin_blp.alt_response(404, response="NOT_FOUND")
@admin_blp.alt_response(409, response="CONFLICT", description=TAKEN)
@admin_blp.doc(operationId="updateShippingMethod")
def update_shipping_method(data: dict[str, Any], method_id: int) -> ShippingMethod:
    """Change a shipping method; what is left out stays (orders keep their copy)"""
    return shipping_methods.patch_method(method_id, data)


@admin_blp.route("/admin/shipping-methods/<int:method_id>", methods=["DELETE"])
@admin_blp.access(Access.ADMIN)
@admin_blp.response(204)
@admin_blp.alt_response(404, response="NOT_FOUND")
@admin_blp.doc(operationId="deleteShippingMethod")
def delete_shipping_method(method_id: int) -> None:
    """Delete a shipping method (orders placed with it keep its name and price)"""
    shipping_methods.delete_method(method_id)

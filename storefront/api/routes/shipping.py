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
    description="Shipping methods. Customers list the active ones (what `shipping_method` on "
    "an order may name); admins create, change and delete them. Orders keep a copy of the "
    "method's name and price.",
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


@blp.route("/admin/shipping-methods", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(PageQuery, location="query")
@blp.response(200, AdminShippingMethodPageSchema)
@blp.doc(operationId="adminListShippingMethods")
def admin_list_shipping_methods(query: dict[str, Any]) -> dict[str, Any]:
    """Every shipping method, active or not"""
    return sliced(shipping_methods.list_methods(), query)


@blp.route("/admin/shipping-methods", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.arguments(ShippingMethodCreateSchema, example=EXAMPLE)
@blp.response(201, AdminShippingMethodSchema)
@blp.alt_response(409, response="CONFLICT", description=TAKEN)
@blp.doc(operationId="createShippingMethod")
def create_shipping_method(data: dict[str, Any]) -> ShippingMethod:
    """Create a shipping method"""
    return shipping_methods.save_method(None, data)


@blp.route("/admin/shipping-methods/<int:method_id>", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.response(200, AdminShippingMethodSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="getShippingMethod")
def get_shipping_method(method_id: int) -> ShippingMethod:
    """One shipping method"""
    return shipping_methods.get_method(method_id)


@blp.route("/admin/shipping-methods/<int:method_id>", methods=["PATCH"])
@blp.access(Access.ADMIN)
@blp.arguments(ShippingMethodPatchSchema, example={"price": "5.49", "free_from": None})
@blp.response(200, AdminShippingMethodSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT", description=TAKEN)
@blp.doc(operationId="updateShippingMethod")
def update_shipping_method(data: dict[str, Any], method_id: int) -> ShippingMethod:
    """Change a shipping method; what is left out stays (orders keep their copy)"""
    return shipping_methods.patch_method(method_id, data)


@blp.route("/admin/shipping-methods/<int:method_id>", methods=["DELETE"])
@blp.access(Access.ADMIN)
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="deleteShippingMethod")
def delete_shipping_method(method_id: int) -> None:
    """Delete a shipping method (orders placed with it keep its name and price)"""
    shipping_methods.delete_method(method_id)

"""The order's life for admins: ship, deliver, refund, and any order whole."""

from __future__ import annotations

import uuid
from typing import Any

from ...models import Order
from ...services import order_life, orders, refunds
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..errors import ApiError
from ..schemas.order_life import OrderDetailSchema, RefundRequestSchema, ShipSchema

blp = ApiBlueprint(
    "orders admin",
    __name__,
    url_prefix="/api/v1",
    description="Admins only: ship, deliver and refund an order (SPEC 8), and read any order "
    "whole. A change the order's status does not allow answers 409 `invalid_transition`.",
)

REFUND_PENDING = (
    "The refund is recorded but the payment service has not confirmed it yet; it is retried "
    "under the same key until it does, and never paid twice."
)


def _actor() -> order_life.Actor:
    user = current_user()
    return order_life.Actor(user.id, is_admin=bool(user.is_admin))


def _order(order_id: uuid.UUID) -> Order:
    order = orders.any_order(order_id)
    if order is None:
        raise ApiError(404, "There is no such order.")
    return order


@blp.route("/orders/<uuid:order_id>/ship", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.arguments(ShipSchema)
@blp.response(200, OrderDetailSchema, description="Shipped.")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT", description="The order is not paid, or shipped.")
@blp.doc(operationId="shipOrder")
def ship(data: dict[str, Any], order_id: uuid.UUID) -> Order:
    """Mark a paid order as shipped, with its carrier and tracking number"""
    order_life.ship(order_id, _actor(), data["carrier"], data["tracking_number"])
    return _order(order_id)


@blp.route("/orders/<uuid:order_id>/deliver", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.response(200, OrderDetailSchema, description="Delivered.")
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT", description="The order has not shipped.")
@blp.doc(operationId="deliverOrder")
def deliver(order_id: uuid.UUID) -> Order:
    """Mark a shipped order as delivered"""
    order_life.deliver(order_id, _actor())
    return _order(order_id)


@blp.route("/orders/<uuid:order_id>/refunds", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.arguments(RefundRequestSchema)
@blp.response(201, OrderDetailSchema, description="Refunded.")
@blp.alt_response(202, schema=OrderDetailSchema, description=REFUND_PENDING, success=True)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(
    409,
    response="CONFLICT",
    description="Not shipped or delivered, nothing left to refund, or the provider refused.",
)
@blp.doc(operationId="refundOrder")
def refund(data: dict[str, Any], order_id: uuid.UUID) -> tuple[Order, int]:
    """Refund a shipped or delivered order: in full, or units per line

    Without `lines`, everything not yet refunded goes back (shipping included). Never more
    than was paid; two admins refunding at once refund once.
    """
    wanted = data.get("lines")
    quantities = None
    if wanted is not None:
        quantities = {}
        for line in wanted:
            quantities[line["line_id"]] = quantities.get(line["line_id"], 0) + line["quantity"]
    report = refunds.refund(
        order_id, _actor(), quantities, returned=data["returned"], reason=data["reason"]
    )
    if not report.succeeded and not report.pending:
        raise ApiError(
            409,
            f"The payment service refused the refund: {report.error}",
            code="refund_refused",
        )
    return _order(order_id), 201 if report.succeeded else 202


@blp.route("/admin/orders/<uuid:order_id>", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.response(200, OrderDetailSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="getAnyOrder")
def any_order(order_id: uuid.UUID) -> Order:
    """Any customer's order, whole: its events and refunds"""
    return _order(order_id)

"""The order's life for its customer: cancel before it ships (an admin may cancel any order)."""

from __future__ import annotations

import uuid
from typing import Any

from ...models import Order
from ...services import order_life, orders
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..errors import ApiError
from ..schemas.order_life import OrderDetailSchema, ReasonSchema

blp = ApiBlueprint(
    "order life",
    __name__,
    url_prefix="/api/v1",
    description="An order after payment (SPEC 8): its customer (or an admin) cancels it "
    "before it ships. A change the order's status does not allow answers 409 "
    "`invalid_transition`.",
)


def _actor() -> order_life.Actor:
    user = current_user()
    return order_life.Actor(user.id, is_admin=bool(user.is_admin))


def _order(order_id: uuid.UUID) -> Order:
    order = orders.any_order(order_id)
    if order is None:
        raise ApiError(404, "There is no such order.")
    return order


@blp.route("/orders/<uuid:order_id>/cancel", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(ReasonSchema)
@blp.response(200, OrderDetailSchema, description="Cancelled; a paid order's refund is in it.")
@blp.alt_response(404, response="NOT_FOUND", description="Not your order.")
@blp.alt_response(409, response="CONFLICT", description="It has shipped, or is cancelled.")
@blp.doc(operationId="cancelOrder")
def cancel(data: dict[str, Any], order_id: uuid.UUID) -> Order:
    """Cancel an order before it ships: stock back, a paid order refunded in full

    A customer cancels their own orders; an admin, anyone's.
    """
    order_life.cancel(order_id, _actor(), data["reason"] or "")
    return _order(order_id)

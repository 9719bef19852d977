"""Back in stock: a customer asks to be e-mailed once when a product can be bought again."""

from __future__ import annotations

import uuid
from typing import Any

from ...services import back_in_stock
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..schemas.back_in_stock import WaitingSchema

blp = ApiBlueprint(
    "back in stock",
    __name__,
    url_prefix="/api/v1",
    description="Notify me when available (SPEC 9): one e-mail, once, when a product that "
    "cannot be bought now can be again.",
)


@blp.route("/products/<uuid:product_id>/notify", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.response(200, WaitingSchema)
@blp.alt_response(404, response="NOT_FOUND", description="No such product.")
@blp.alt_response(409, response="CONFLICT", description="It can be bought now.")
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="You have no e-mail.")
@blp.doc(operationId="notifyWhenAvailable")
def notify(product_id: uuid.UUID) -> dict[str, Any]:
    """Be e-mailed once when an out-of-stock product can be bought again

    Asking twice keeps one request. Needs an e-mail address on your profile.
    """
    back_in_stock.ask(current_user().id, product_id)
    return {"product_id": product_id, "waiting": True}


@blp.route("/products/<uuid:product_id>/notify", methods=["DELETE"])
@blp.access(Access.CUSTOMER)
@blp.response(204)
@blp.doc(operationId="stopNotifyWhenAvailable")
def stop_notifying(product_id: uuid.UUID) -> None:
    """Stop waiting for a product (nothing happens if you were not)"""
    back_in_stock.cancel(current_user().id, product_id)

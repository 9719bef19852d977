"""A customer's carts: several at once through the API, each reserving what it holds."""

from __future__ import annotations

import uuid
from typing import Any

from ...models import Cart
from ...services import cart_vouchers, carts
from ...services.cart_errors import ProductNotFound
from ...services.errors import InvalidInput
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..schemas.carts import (
    AddLineSchema,
    CartPageSchema,
    CartSchema,
    NewCartSchema,
    SetQuantitySchema,
)
from ..schemas.common import PageQuery, sliced
from ..schemas.vouchers import VoucherCodeSchema

blp = ApiBlueprint(
    "carts",
    __name__,
    url_prefix="/api/v1/carts",
    description="Your carts. A line reserves its units until the cart is bought, deleted, "
    "or left unchanged for CART_TTL_MINUTES.",
)

NOT_YOURS = "The cart does not exist, is not yours, or is no longer active."
STOCK = "Not enough units are available, or the product is switched off."


@blp.route("", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(NewCartSchema, required=False)
@blp.response(201, CartSchema)
@blp.doc(operationId="createCart")
def create_cart(_data: dict[str, Any]) -> Cart:
    """Start a new, empty cart"""
    return carts.create_cart(current_user().id)


@blp.route("", methods=["GET"])
@blp.access(Access.CUSTOMER)
@blp.arguments(PageQuery, location="query")
@blp.response(200, CartPageSchema)
@blp.doc(operationId="listCarts")
def list_carts(query: dict[str, Any]) -> dict[str, Any]:
    """Your active carts, the most recently changed first"""
    return sliced(carts.active_carts(current_user().id), query)


@blp.route("/<uuid:cart_id>", methods=["GET"])
@blp.access(Access.CUSTOMER)
@blp.response(200, CartSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.doc(operationId="getCart")
def get_cart(cart_id: uuid.UUID) -> Cart:
    """One of your carts"""
    return carts.get_cart(cart_id, current_user().id)


@blp.route("/<uuid:cart_id>", methods=["DELETE"])
@blp.access(Access.CUSTOMER)
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.doc(operationId="deleteCart")
def delete_cart(cart_id: uuid.UUID) -> None:
    """Delete a cart: what it held is for sale again at once"""
    carts.delete_cart(cart_id, current_user().id)


@blp.route("/<uuid:cart_id>/lines", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(AddLineSchema)
@blp.response(200, CartSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.alt_response(409, response="CONFLICT", description=STOCK)
@blp.doc(operationId="addCartLine")
def add_line(data: dict[str, Any], cart_id: uuid.UUID) -> Cart:
    """Add units of a product to the cart (to its line, if it has one)"""
    try:
        return carts.add_item(cart_id, current_user().id, data["product_id"], data["quantity"])
    except ProductNotFound as error:
        raise InvalidInput({"product_id": error.message}) from None


@blp.route("/<uuid:cart_id>/lines/<uuid:product_id>", methods=["PUT"])
@blp.access(Access.CUSTOMER)
@blp.arguments(SetQuantitySchema)
@blp.response(200, CartSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS + " Or no such line.")
@blp.alt_response(409, response="CONFLICT", description=STOCK)
@blp.doc(operationId="setCartLineQuantity")
def set_quantity(data: dict[str, Any], cart_id: uuid.UUID, product_id: uuid.UUID) -> Cart:
    """Set a line's quantity; 0 takes the line out"""
    return carts.set_quantity(cart_id, current_user().id, product_id, data["quantity"])


@blp.route("/<uuid:cart_id>/lines/<uuid:product_id>", methods=["DELETE"])
@blp.access(Access.CUSTOMER)
@blp.response(200, CartSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS + " Or no such line.")
@blp.doc(operationId="removeCartLine")
def remove_line(cart_id: uuid.UUID, product_id: uuid.UUID) -> Cart:
    """Take a product out of the cart"""
    return carts.remove_line(cart_id, current_user().id, product_id)


REFUSED = (
    "The code does not apply; `code` says why: voucher_unknown, voucher_expired, "
    "voucher_not_started, voucher_not_yours, voucher_minimum_spend, voucher_used_up, "
    "voucher_nothing_applies."
)


@blp.route("/<uuid:cart_id>/voucher", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(VoucherCodeSchema)
@blp.response(200, CartSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description=REFUSED)
@blp.doc(operationId="applyCartVoucher")
def apply_voucher(data: dict[str, Any], cart_id: uuid.UUID) -> Cart:
    """Apply a voucher code to the cart (it replaces the one it had)

    Checkout checks the voucher again as the order is placed.
    """
    user_id = current_user().id
    cart_vouchers.apply_voucher(cart_id, user_id, data["code"])
    return carts.get_cart(cart_id, user_id)


@blp.route("/<uuid:cart_id>/voucher", methods=["DELETE"])
@blp.access(Access.CUSTOMER)
@blp.response(200, CartSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.doc(operationId="removeCartVoucher")
def remove_voucher(cart_id: uuid.UUID) -> Cart:
    """Take the voucher off the cart"""
    user_id = current_user().id
    cart_vouchers.remove_voucher(cart_id, user_id)
    return carts.get_cart(cart_id, user_id)

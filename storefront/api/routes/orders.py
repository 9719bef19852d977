"""Buying: a cart's checkout, an order without a cart, paying a pending order; your orders."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import url_for

from ...models import Order
from ...payments.cards import Card, InvalidCard, parse_card
from ...services import buying, orders
from ...services.cart_errors import ProductNotFound
from ...services.errors import InvalidInput
from ...services.order_summary import OrderSummary
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..errors import ApiError, under
from ..schemas.carts import CheckoutSchema
from ..schemas.common import PageQuery, page_of
from ..schemas.order_life import OrderDetailSchema
from ..schemas.orders import (
    DeclinedSchema,
    DirectOrderSchema,
    OrderPageSchema,
    OrderSchema,
    PaySchema,
)

log = logging.getLogger(__name__)

blp = ApiBlueprint(
    "orders",
    __name__,
    url_prefix="/api/v1",
    description="Check out a cart or buy without one, pay, and read your orders. 201: paid. "
    "202: the order is kept, pending, and the payment's outcome is not known yet. 402: the "
    "card was declined; the order is kept, pending, and can be paid with another card.",
)

PENDING = "The order is placed and kept pending: the payment's outcome is not known yet."


def _paying(view: Any) -> Any:
    """The answers every route that takes a card shares, in the OpenAPI document."""
    view = blp.alt_response(202, schema=OrderSchema, description=PENDING, success=True)(view)
    view = blp.alt_response(402, schema=DeclinedSchema, description="The card was declined.")(view)
    return blp.alt_response(409, response="CONFLICT", description="Stock is short.")(view)


def _card(data: dict[str, Any]) -> Card:
    try:
        return parse_card(data["name"], data["number"], data["expiry"], data["cvv"])
    except InvalidCard as error:
        raise under("card", InvalidInput(error.fields, error.message)) from None


def _delivery(data: dict[str, Any]) -> dict[str, Any]:
    """Where the order goes and how, as the body says (each may be left out)."""
    return {
        "address": data.get("address"),
        "address_id": data.get("address_id"),
        "shipping_method": data.get("shipping_method"),
    }


def _answer(purchase: buying.Purchase) -> tuple[OrderSummary, int, dict[str, str]]:
    """The purchase as the API says it: 201 paid, 202 pending, 402 declined."""
    order = purchase.order
    location = {"Location": url_for("api_orders.get_order", order_id=order.id)}
    if purchase.result is buying.Result.PAID:
        return order, 201, location
    if purchase.result is buying.Result.DECLINED:
        reason = (purchase.reason or "the card was declined").rstrip(".")
        raise ApiError(
            402,
            f"The payment did not go through: {reason}. Order {order.number} is kept, "
            "pending: pay for it with another card.",
            code="payment_declined",
            order=OrderSchema().dump(order),
        )
    if purchase.result is buying.Result.IN_PROGRESS:
        return order, 202, {}
    return order, 202, location


@blp.route("/carts/<uuid:cart_id>/checkout", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(CheckoutSchema)
@blp.response(201, OrderSchema, description="Paid.")
@_paying
@blp.alt_response(404, response="NOT_FOUND", description="The cart is not yours, or gone.")
@blp.doc(operationId="checkoutCart")
def checkout_cart(
    data: dict[str, Any], cart_id: uuid.UUID
) -> tuple[OrderSummary, int, dict[str, str]]:
    """Buy a cart and pay for it

    The order goes to `address` (or the saved `address_id`) by `shipping_method`; left
    out, to your default address by the cheapest method, or collected in store when you
    have no address. The cart closes and its stock is taken in one step; sending it
    again answers with the same order and never charges twice.
    """
    card = _card(data["card"])
    return _answer(buying.buy(current_user().id, card, cart_id=cart_id, **_delivery(data)))


@blp.route("/orders", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(DirectOrderSchema)
@blp.response(201, OrderSchema, description="Paid.")
@_paying
@blp.alt_response(
    422, response="UNPROCESSABLE_ENTITY", description="Or the voucher does not apply."
)
@blp.doc(operationId="createOrder")
def create_order(data: dict[str, Any]) -> tuple[OrderSummary, int, dict[str, str]]:
    """Buy without a cart: products and quantities, and a card

    `address`, `address_id` and `shipping_method` as for a cart's checkout.
    """
    card = _card(data["card"])
    lines = [(line["product_id"], line["quantity"]) for line in data["lines"]]
    try:
        return _answer(
            buying.buy(
                current_user().id, card, lines=lines, voucher=data.get("voucher"), **_delivery(data)
            )
        )
    except ProductNotFound as error:
        raise InvalidInput({"lines": error.message}) from None


@blp.route("/orders/<uuid:order_id>/pay", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(PaySchema)
@blp.response(201, OrderSchema, description="Paid (or it already was).")
@_paying
@blp.alt_response(404, response="NOT_FOUND", description="The order is not yours.")
@blp.doc(operationId="payOrder")
def pay_order(
    data: dict[str, Any], order_id: uuid.UUID
) -> tuple[OrderSummary, int, dict[str, str]]:
    """Pay for a pending order (409 once it is cancelled)"""
    card = _card(data["card"])
    return _answer(buying.pay_for(order_id, current_user().id, card))


@blp.route("/orders", methods=["GET"])
@blp.access(Access.CUSTOMER)
@blp.arguments(PageQuery, location="query")
@blp.response(200, OrderPageSchema)
@blp.doc(operationId="listOrders")
def list_orders(query: dict[str, Any]) -> dict[str, Any]:
    """Your orders, newest first"""
    found, total = orders.list_orders(current_user().id, query["page"], query["per_page"])
    return page_of(found, query["page"], query["per_page"], total)


@blp.route("/orders/<uuid:order_id>", methods=["GET"])
@blp.access(Access.CUSTOMER)
@blp.response(200, OrderDetailSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="getOrder")
def get_order(order_id: uuid.UUID) -> Order:
    """One of your orders, whole: its shipping, events and refunds"""
    order = orders.get_order(order_id, current_user().id)
    if order is None:
        raise ApiError(404, "There is no such order.")
    return order

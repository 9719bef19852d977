"""The API's errors, always ``{"error": {"code", "message", ...}}`` (SPEC section 5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, jsonify
from werkzeug.exceptions import BadRequest, UnprocessableEntity

from ..errors import CODES
from ..services.accounts import UsernameTaken
from ..services.addresses import AddressBookFull
from ..services.cart_errors import CartFull, NotEnoughStock, ProductUnavailable
from ..services.catalogue_admin import NameTaken, StockBelowReserved
from ..services.checkout import StockShort
from ..services.discounts import VoucherRefused
from ..services.errors import Conflict, InvalidInput, NotFound, ServiceError
from ..services.order_life import PaymentStillOpen
from ..services.order_states import TransitionRefused
from ..services.payments import OrderNotPayable
from ..services.refunds import NothingToRefund
from ..services.shipping_methods import MethodNameTaken
from ..services.vouchers_admin import CodeTaken, VoucherInUse

INVALID = "Some values are not valid."

# A more precise code than the status gives, for the conflicts a client may act on.
CONFLICT_CODES: dict[type[Conflict], str] = {
    StockShort: "stock_short",
    NotEnoughStock: "not_enough_stock",
    CartFull: "cart_full",
    ProductUnavailable: "product_unavailable",
    NameTaken: "name_taken",
    UsernameTaken: "username_taken",
    StockBelowReserved: "stock_below_reserved",
    OrderNotPayable: "order_cancelled",
    AddressBookFull: "address_book_full",
    MethodNameTaken: "name_taken",
    TransitionRefused: "invalid_transition",
    NothingToRefund: "nothing_to_refund",
    PaymentStillOpen: "payment_in_progress",
    CodeTaken: "code_taken",
    VoucherInUse: "voucher_in_use",
}


class ApiError(Exception):
    """An answer other than success, raised from anywhere in a view."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.headers = dict(headers or {})
        self.extra = extra


def api_error_response(error: ApiError) -> Response:
    """The JSON answer for ``error``."""
    body = {"code": error.code, "message": error.message, **error.extra}
    response = jsonify({"error": body})
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def invalid(fields: Mapping[str, str], message: str = INVALID) -> ApiError:
    """A 422 naming each field that is wrong."""
    return ApiError(422, message, fields=dict(fields))


def under(prefix: str, error: InvalidInput) -> InvalidInput:
    """The same problems, named as fields of the object ``prefix``."""
    fields = {f"{prefix}.{name}": message for name, message in error.fields.items()}
    return InvalidInput(fields, error.message)


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested messages as ``{"card.number": "..."}``, one sentence per field."""
    if isinstance(messages, Mapping):
        flat: dict[str, str] = {}
        for key, value in messages.items():
            name = str(key) if key != "_schema" else ""
            path = f"{prefix}.{name}" if prefix and name else (prefix or name or "body")
            flat.update(flatten_messages(value, path))
        return flat
    if isinstance(messages, list | tuple) and all(isinstance(item, str) for item in messages):
        return {prefix or "body": " ".join(messages)}
    if isinstance(messages, list | tuple):
        flat = {}
        for item in messages:
            flat.update(flatten_messages(item, prefix))
        return flat
    return {prefix or "body": str(messages)}


def from_service(error: ServiceError) -> ApiError:
    """The API's answer for what a service refused."""
    if isinstance(error, VoucherRefused):
        return ApiError(422, error.message, code=f"voucher_{error.reason}", fields=error.fields)
    if isinstance(error, InvalidInput):
        return invalid(error.fields, error.message)
    if isinstance(error, NotFound):
        return ApiError(404, error.message)
    if isinstance(error, Conflict):
        extra: dict[str, Any] = {}
        if fields := getattr(error, "fields", None):
            extra["fields"] = dict(fields)
        if isinstance(error, UsernameTaken):
            extra["fields"] = {"username": error.message}
        if isinstance(error, StockShort):
            extra["shortfalls"] = [
                {
                    "product_id": str(item.product_id),
                    "name": item.name,
                    "wanted": item.wanted,
                    "available": item.left,
                }
                for item in error.shortfalls
            ]
        code = next(
            (code for kind, code in CONFLICT_CODES.items() if isinstance(error, kind)), None
        )
        return ApiError(409, error.message, code=code, **extra)
    return ApiError(400, error.message)


def from_validation(error: UnprocessableEntity) -> ApiError:
    """webargs' 422: each field's message, without the location level."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") or {}
    # webargs keys the messages by where they were read: json, query, view_args.
    fields: dict[str, str] = {}
    for per_location in messages.values() if isinstance(messages, Mapping) else [messages]:
        fields.update(flatten_messages(per_location))
    return invalid(fields or {"body": INVALID})


def from_bad_request(error: BadRequest) -> ApiError:
    """A request that could not be read: mostly, a body that is not valid JSON."""
    data = getattr(error, "data", None) or {}
    if "json" in (data.get("messages") or {}):
        return ApiError(400, "The body is not valid JSON.")
    return ApiError(400, error.description or "The request could not be read.")

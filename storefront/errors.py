"""One error handler for the site: an HTML page in the layout, or JSON under /api/."""

from __future__ import annotations

import logging
import math
import time

from flask import Flask, Response, g, jsonify, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, TooManyRequests

from .database import COMMIT_IN_DOUBT, forget_writes, request_wrote
from .extensions import db, limiter, login_manager

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def wants_json() -> bool:
    """Whether this request is one of the JSON API's."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str, title: str | None = None) -> Response:
    """The error answer in the form the client expects."""
    if wants_json():
        body = {"error": {"code": CODES.get(status, "error"), "message": message}}
        response = jsonify(body)
    else:
        response = Response(
            render_template("errors/error.html", status=status, title=title, message=message)
        )
    response.status_code = status
    return response


def _retry_after_seconds() -> int | None:
    current = limiter.current_limit
    if current is None:
        return None
    return max(1, math.ceil(current.reset_at - time.time()))


# Where a customer sees what a request that failed part-way did: blueprint -> (page, words).
WHERE_TO_LOOK = {
    "checkout": ("orders.index", "your orders"),
    "orders": ("orders.index", "your orders"),
    "api_orders": ("api_orders.list_orders", "your orders"),
    "cart": ("cart.view", "your cart"),
    "api_carts": ("api_carts.list_carts", "your carts"),
}
PAYING = ("checkout", "orders", "api_orders")


def _unavailable_message() -> str:
    """What is known after the database failed: nothing changed, or some of it may have."""
    written = request_wrote()
    if written is None:
        return "The shop is briefly unavailable. Nothing was changed; please try again in a moment."
    blueprint = request.blueprint or ""
    endpoint, words = WHERE_TO_LOOK.get(blueprint, (None, "the page"))
    where = f"{words} ({url_for(endpoint)})" if endpoint else words
    how = (
        "what you asked for may have been saved"
        if written == COMMIT_IN_DOUBT
        else "some of what you asked for was saved"
    )
    message = (
        f"The shop lost its database part-way through: {how}. "
        f"Please look at {where} before trying again."
    )
    if blueprint in PAYING:
        message += " An order is never charged twice."
    return message


def register_error_handlers(app: Flask) -> None:
    """Install the handlers."""

    app.before_request(forget_writes)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        return error_response(
            400,
            "The form had expired or was not sent from this site. Please try again.",
            "Form not accepted",
        )

    @app.errorhandler(TooManyRequests)
    def too_many(error: TooManyRequests) -> Response:
        seconds = _retry_after_seconds()
        when = f" Try again in {seconds} seconds." if seconds else " Try again in a minute."
        response = error_response(429, "Too many attempts." + when, "Too many attempts")
        if seconds:
            response.headers["Retry-After"] = str(seconds)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        status = error.code or 500
        if status >= 500:
            db.session.rollback()
        response = error_response(status, error.description or "", error.name)
        valid_methods = getattr(error, "valid_methods", None)
        if valid_methods:
            response.headers["Allow"] = ", ".join(valid_methods)
        return response

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError) -> Response:
        """The database went away (restart, network): say so, change nothing, recover later."""
        g.database_down = True
        g._login_user = login_manager.anonymous_user()  # render without asking the database
        try:
            db.session.rollback()
        except Exception:  # the connection is gone; the pool replaces it on next use
            log.debug("rollback after a lost connection failed", exc_info=True)
        db.session.remove()
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error.orig)
        response = error_response(503, _unavailable_message(), "Service unavailable")
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(
            500,
            "Something went wrong on our side. Please try again in a moment.",
            InternalServerError().name,
        )

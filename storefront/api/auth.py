"""Bearer tokens on API requests: who is calling, and whether they may.

``Authorization: Bearer <token>``; a missing, unknown or revoked token answers 401,
a customer's token on an admin route 403. Cookies never authenticate an API call.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import g, request

from ..models import ApiToken, User
from ..services import tokens
from .errors import ApiError

if TYPE_CHECKING:
    from .blueprint import ApiBlueprint

SCHEME = "bearerAuth"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="storefront"'}


class Access(StrEnum):
    PUBLIC = "public"  # no token needed; one sent is ignored
    OPTIONAL = "optional"  # anyone; a token sent must be good, and then it counts
    CUSTOMER = "customer"  # any signed-in user (admins too)
    ADMIN = "admin"  # admins only


def current_user() -> User:
    """The user whose token this request carries (only inside a guarded view)."""
    return g.api_user


def caller() -> User | None:
    """The user whose token this request carries, or None."""
    return g.get("api_user")


def current_token() -> ApiToken:
    """The token this request carries (only inside a guarded view)."""
    return g.api_token


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return ""
    return secret.strip()


def _authenticate(required: bool) -> None:
    secret = _bearer_secret()
    if secret is None and not required:
        return
    token = tokens.find_token(secret) if secret else None
    if token is None:
        message = (
            "This needs a token: send Authorization: Bearer <token>."
            if secret is None
            else "The token is not valid, or was revoked."
        )
        raise ApiError(401, message, headers=CHALLENGE)
    g.api_token = token
    g.api_user = token.user
    # Flask-Login's per-request slot: the request log and the no-store header see the
    # caller, while nothing is written to a session.
    g._login_user = token.user


def guard(blp: ApiBlueprint, who: Access) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Check the caller before the view runs, and say so in the OpenAPI document."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if who is not Access.PUBLIC:
                _authenticate(required=who in (Access.CUSTOMER, Access.ADMIN))
            if who is Access.ADMIN and not current_user().is_admin:
                raise ApiError(403, "This needs an admin's token.")
            return view(*args, **kwargs)

        wrapped.api_access = who  # type: ignore[attr-defined]
        documented = wrapped
        if who is not Access.PUBLIC:
            security = [{SCHEME: []}] if who is not Access.OPTIONAL else [{}, {SCHEME: []}]
            documented = blp.doc(security=security)(documented)
            documented = blp.alt_response(401, response="UNAUTHORIZED")(documented)
        if who is Access.ADMIN:
            documented = blp.alt_response(403, response="FORBIDDEN")(documented)
        documented.api_access = who  # type: ignore[attr-defined]
        return documented

    return decorator

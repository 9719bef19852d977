"""Bearer tokens on API requests: who is calling, and the kinds of access a route may ask for.

``Authorization: Bearer <token>``; a missing, unknown or revoked token answers 401,
a customer's token on an admin route 403 (``blueprint.guard`` applies these per route).
Cookies never authenticate an API call.
"""

from __future__ import annotations

from enum import StrEnum

from flask import g, request

from ..services import tokens
from ..services.tokens import TokenHolder
from .errors import ApiError

SCHEME = "bearerAuth"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="storefront"'}


class Access(StrEnum):
    PUBLIC = "public"  # no token needed; one sent is ignored
    OPTIONAL = "optional"  # anyone; a token sent must be good, and then it counts
    CUSTOMER = "customer"  # any signed-in user (admins too)
    ADMIN = "admin"  # admins only


def current_user() -> TokenHolder:
    """Who this request's token speaks for (only inside a guarded view): ``id``, ``is_admin``."""
    return g.api_user


def caller() -> TokenHolder | None:
    """Who this request's token speaks for, or None."""
    return g.get("api_user")


def _bearer_secret() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return ""
    return secret.strip()


def authenticate(required: bool) -> None:
    """Find the caller from the bearer token; 401 when one is needed and missing or bad."""
    secret = _bearer_secret()
    if secret is None and not required:
        return
    holder = tokens.find_holder(secret) if secret else None
    if holder is None:
        message = (
            "This needs a token: send Authorization: Bearer <token>."
            if secret is None
            else "The token is not valid, or was revoked."
        )
        raise ApiError(401, message, headers=CHALLENGE)
    g.api_user = holder
    # Flask-Login's per-request slot: the request log and the no-store header see the
    # caller, while nothing is written to a session.
    g._login_user = holder

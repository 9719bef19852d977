"""Registering, tokens (log in and out), and the caller's own profile."""

from __future__ import annotations

from typing import Any

from flask import g

from ... import login_throttle
from ...models import User
from ...services import accounts, tokens
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..errors import ApiError
from ..schemas.common import ErrorSchema
from ..schemas.users import (
    ProfileSchema,
    RegisterSchema,
    TokenRequestSchema,
    TokenSchema,
    UserSchema,
)

blp = ApiBlueprint(
    "accounts",
    __name__,
    url_prefix="/api/v1",
    description="Register, get a token and give it back, read and change your profile.",
)

RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


@blp.route("/users", methods=["POST"])
@blp.access(Access.PUBLIC)
@blp.arguments(RegisterSchema)
@blp.response(201, UserSchema)
@blp.alt_response(409, response="CONFLICT", description="The username is taken.")
@blp.doc(operationId="registerUser")
def register(data: dict[str, Any]) -> User:
    """Register a customer account"""
    return accounts.register(
        data["username"], data["password"], data.get("name"), data.get("email")
    )


@blp.route("/tokens", methods=["POST"])
@login_throttle.limited
@blp.access(Access.PUBLIC)
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, response="UNAUTHORIZED", description="Wrong username or password.")
@blp.alt_response(
    429, schema=ErrorSchema, description="Too many failed tries.", headers=RETRY_AFTER
)
@blp.doc(operationId="createToken")
def create_token(data: dict[str, Any]) -> dict[str, Any]:
    """Get a token for your username and password

    The token is shown once; keep it. Failed tries are counted as on the log-in page: ten
    a minute per address and username, 30 per address, 100 an hour per username from
    clients that never logged in to it; a client that logged in before carries the device
    cookie this answer sets, and counts in its own bucket instead. Then 429 until the
    window is over.
    """
    user = accounts.authenticate(data["username"], data["password"])
    if user is None:
        g.login_failed = True
        raise ApiError(401, "Wrong username or password.")
    login_throttle.remember_device(user.username)
    issued = tokens.issue_token(user)
    return {"token": issued.secret, "user": user}


@blp.route("/tokens/current", methods=["DELETE"])
@blp.access(Access.CUSTOMER)
@blp.response(204)
@blp.doc(operationId="revokeToken")
def revoke_token() -> None:
    """Give back the token this request carries (log out)"""
    tokens.revoke_token(current_user().token_id)


@blp.route("/me", methods=["GET"])
@blp.access(Access.CUSTOMER)
@blp.response(200, UserSchema)
@blp.doc(operationId="getMe")
def me() -> User:
    """Your profile"""
    return _me()


@blp.route("/me", methods=["PATCH"])
@blp.access(Access.CUSTOMER)
@blp.arguments(ProfileSchema)
@blp.response(200, UserSchema)
@blp.doc(operationId="updateMe")
def update_me(data: dict[str, Any]) -> User:
    """Change your name, e-mail or consent to offers; null or an empty string clears one

    A new e-mail address is unconfirmed (`email_confirmed` false) until the link sent to
    it is followed; offers go only to a confirmed address.
    """
    user = _me()
    return accounts.update_profile(
        user.id,
        data.get("name", user.name),
        data.get("email", user.email),
        data.get("offers_consent"),
    )


def _me() -> User:
    user = accounts.get_user(current_user().id)
    if user is None:  # the token outlived its user: nothing left to show
        raise ApiError(401, "The token is not valid, or was revoked.")
    return user

"""Password reset: a signed, single-use link valid for an hour, sent through the outbox.

The link carries the user's id and a stamp of their current password hash, signed with
the secret key and dated. It stops working after ``VALID_FOR``, and as soon as the
password changes (the stamp no longer matches), so it works once. Setting the new password
ends every API token of the user in the same transaction; web sessions carry the stamp too
(``session_stamp``), so every other signed-in browser is signed out.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from ..database import write_transaction
from ..models import ApiToken, User
from ..models.base import utcnow
from . import accounts, passwords
from .errors import InvalidInput
from .outbox import queue_mail

log = logging.getLogger(__name__)

VALID_FOR = timedelta(hours=1)
_SALT = "storefront-password-reset"
INVALID_LINK = "This password reset link has expired or has already been used."


class InvalidResetLink(InvalidInput):
    """The link is forged, too old, or was used already."""

    def __init__(self) -> None:
        super().__init__({"token": INVALID_LINK}, INVALID_LINK)


def session_stamp(password_hash: str) -> str:
    """A short fingerprint of a password hash: changes whenever the password does."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:24]


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT)


def make_token(user: User) -> str:
    """A reset link's token for ``user`` as their password stands now."""
    return str(_signer().dumps({"user": str(user.id), "stamp": session_stamp(user.password_hash)}))


def _read(token: str) -> dict[str, Any]:
    try:
        data = _signer().loads(token, max_age=int(VALID_FOR.total_seconds()))
    except (SignatureExpired, BadSignature):
        raise InvalidResetLink() from None
    if not isinstance(data, dict) or not {"user", "stamp"} <= data.keys():
        raise InvalidResetLink()
    return data


def user_for_token(token: str) -> User:
    """The user a still-valid link is for; raises InvalidResetLink."""
    data = _read(token)
    user = accounts.get_user(str(data["user"]))
    if user is None or session_stamp(user.password_hash) != data["stamp"]:
        raise InvalidResetLink()
    return user


def request_reset(email: str) -> int:
    """E-mail a reset link to every account with this address; how many (never shown).

    Raises InvalidInput only for an address that is not an address at all.
    """
    address = accounts.normalise_email(email)
    if address is None:
        raise InvalidInput({"email": "Enter your e-mail address."})
    with write_transaction() as session:
        users = list(session.scalars(select(User).where(func.lower(User.email) == address.lower())))
        for user in users:
            assert user.email is not None  # matched on it
            queue_mail(
                session.connection(),
                template="password-reset",
                to=user.email,
                key=f"password-reset:{user.id}:{secrets.token_hex(8)}",
                context={
                    "name": user.name or user.username,
                    "username": user.username,
                    "reset_path": f"/password/reset/{make_token(user)}",
                    "valid_minutes": int(VALID_FOR.total_seconds() // 60),
                },
            )
    for user in users:
        log.info("password reset requested user=%s", user.id)
    return len(users)


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a valid link, once; every API token of the user ends."""
    data = _read(token)
    owner = accounts.get_user(str(data["user"]))
    if problem := accounts.password_problem(new_password, owner.username if owner else None):
        raise InvalidInput({"password": problem})
    new_hash = passwords.hash_password(new_password)  # slow: outside the transaction
    with write_transaction() as session:
        user = session.scalars(
            select(User)
            .where(User.id == uuid.UUID(str(data["user"])))
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        if user is None or session_stamp(user.password_hash) != data["stamp"]:
            raise InvalidResetLink()  # used already, by this request's twin or earlier
        user.password_hash = new_hash
        revoked = session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        ).rowcount
    log.info("password reset user=%s tokens_revoked=%s", user.id, revoked)
    return user

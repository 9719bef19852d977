"""Confirming an e-mail address (double opt-in): a signed link sent to the address itself.

Saving a new address clears its confirmation and queues the link in the same transaction
(``address_changed``). The link is signed with the secret key, dated (valid ``VALID_FOR``)
and names the address it was sent to, so a link sent to an old address never confirms the
one that replaced it. "Send confirmation again" is throttled: one message per
``RESEND_AFTER``, at most ``RESENDS_PER_DAY`` a day, counted from the outbox itself.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Connection, func, select

from ..database import write_transaction
from ..models import OutboxMessage, User
from ..models.base import utcnow
from .errors import Conflict, InvalidInput
from .outbox import queue_mail

log = logging.getLogger(__name__)

VALID_FOR = timedelta(days=3)
RESEND_AFTER = timedelta(minutes=1)
RESENDS_PER_DAY = 5
TEMPLATE = "email-confirmation"
_SALT = "storefront-email-confirmation"
INVALID_LINK = (
    "This confirmation link has expired, or is for an address that is no longer the "
    "account's. Ask for a new one on your account page."
)


class InvalidConfirmationLink(InvalidInput):
    """The link is forged, too old, or for another address than the account's."""

    def __init__(self) -> None:
        super().__init__({"token": INVALID_LINK}, INVALID_LINK)


class ResendRefused(Conflict):
    """No link can be sent now: nothing to confirm, or asked too often."""


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT)


def make_token(user_id: uuid.UUID, email: str) -> str:
    """A confirmation link's token for this user and this address."""
    return str(_signer().dumps({"user": str(user_id), "email": email}))


def _read(token: str) -> dict[str, Any]:
    try:
        data = _signer().loads(token, max_age=int(VALID_FOR.total_seconds()))
    except (SignatureExpired, BadSignature):
        raise InvalidConfirmationLink() from None
    if not isinstance(data, dict) or not {"user", "email"} <= data.keys():
        raise InvalidConfirmationLink()
    return data


def _key_prefix(user_id: uuid.UUID) -> str:
    return f"{TEMPLATE}:{user_id}:"


def queue_confirmation(connection: Connection, user: User) -> None:
    """Queue the confirmation link for ``user``'s current address in the caller's transaction."""
    if user.email is None:
        return
    queue_mail(
        connection,
        template=TEMPLATE,
        to=user.email,
        key=f"{_key_prefix(user.id)}{secrets.token_hex(8)}",
        context={
            "name": user.name or user.username,
            "email": user.email,
            "confirm_path": f"/account/confirm-email/{make_token(user.id, user.email)}",
            "valid_days": VALID_FOR.days,
        },
    )


def address_changed(connection: Connection, user: User, old_email: str | None) -> bool:
    """After ``user.email`` was set: a different address is unconfirmed and gets its link.

    The same address in another case is the same mailbox: its confirmation stays.
    Answers whether a link was queued.
    """
    if (old_email or "").lower() == (user.email or "").lower():
        return False
    user.email_confirmed_at = None
    queue_confirmation(connection, user)
    return user.email is not None


def resend(user_id: uuid.UUID) -> str:
    """Queue the link again for the user's unconfirmed address; answers the address."""
    now = utcnow()
    with write_transaction() as session:
        user = session.scalars(select(User).where(User.id == user_id).with_for_update()).first()
        if user is None or user.email is None:
            raise ResendRefused("Add an e-mail address first.")
        if user.email_confirmed_at is not None:
            raise ResendRefused("Your e-mail address is already confirmed.")
        mine = OutboxMessage.key.startswith(_key_prefix(user.id), autoescape=True)
        last, today = session.execute(
            select(func.max(OutboxMessage.created_at), func.count()).where(
                mine, OutboxMessage.created_at > now - timedelta(days=1)
            )
        ).one()
        if last is not None and last > now - RESEND_AFTER:
            raise ResendRefused("A confirmation e-mail was just sent; wait a minute for it.")
        if today >= RESENDS_PER_DAY:
            raise ResendRefused("Several confirmation e-mails were sent today; try again tomorrow.")
        queue_confirmation(session.connection(), user)
        address = user.email
    log.info("email confirmation sent again user=%s", user_id)
    return address


def confirm(token: str) -> User:
    """Confirm the address a valid link was sent to; raises InvalidConfirmationLink."""
    data = _read(token)
    try:
        user_id = uuid.UUID(str(data["user"]))
    except ValueError:
        raise InvalidConfirmationLink() from None
    with write_transaction() as session:
        user = session.scalars(
            select(User)
            .where(User.id == user_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        if user is None or user.email is None or user.email.lower() != str(data["email"]).lower():
            raise InvalidConfirmationLink()  # the address changed since the link was sent
        if user.email_confirmed_at is None:
            user.email_confirmed_at = utcnow()
    log.info("email confirmed user=%s", user.id)
    return user


def address_in(token: str) -> str:
    """The address a valid link was sent to (nothing is changed); raises InvalidConfirmationLink."""
    return str(_read(token)["email"])

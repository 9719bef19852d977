"""Marketing e-mail: who may receive offers, and the one-click way out.

Offers go only to a customer who said yes ("Send me offers by e-mail", off by default)
and whose address is confirmed (``email_confirmation``): ``offers_allowed()`` is that rule
as one SQL condition, for every query that picks recipients. Each offer carries
``unsubscribe_url(user_id)`` in its context: the mail delivery turns it into the
``List-Unsubscribe`` headers (RFC 8058), and the templates show it as a link. The link is
signed with the secret key and needs no login; following it (a page with a button, or a
mail client's one-click POST) turns consent off.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import ColumnElement, and_, true, update

from ..database import write_transaction
from ..models import User
from .errors import InvalidInput

log = logging.getLogger(__name__)

# Long enough for an offer read months later; an older link asks the customer to log in.
UNSUBSCRIBE_VALID_FOR = timedelta(days=400)
UNSUBSCRIBE_PATH = "/unsubscribe/"
_SALT = "storefront-unsubscribe"
INVALID_LINK = (
    "This unsubscribe link is not valid or has expired. Log in and untick "
    '"Send me offers by e-mail" on your account page instead.'
)


class InvalidUnsubscribeLink(InvalidInput):
    """The link is forged, damaged or too old."""

    def __init__(self) -> None:
        super().__init__({"token": INVALID_LINK}, INVALID_LINK)


def offers_allowed() -> ColumnElement[bool]:
    """SQL condition on ``users``: said yes to offers, and has a confirmed e-mail address."""
    return and_(
        User.offers_consent.is_(true()),
        User.email.is_not(None),
        User.email_confirmed_at.is_not(None),
    )


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.config["SECRET_KEY"]), salt=_SALT)


def unsubscribe_token(user_id: uuid.UUID) -> str:
    """The signed token of ``user_id``'s unsubscribe link."""
    return str(_signer().dumps(str(user_id)))


def unsubscribe_url(user_id: uuid.UUID) -> str:
    """The absolute one-click unsubscribe link for ``user_id`` (no login needed)."""
    shop_url = str(current_app.config["SHOP_URL"]).rstrip("/")
    return f"{shop_url}{UNSUBSCRIBE_PATH}{unsubscribe_token(user_id)}"


def user_for_unsubscribe(token: str) -> uuid.UUID:
    """The user a valid unsubscribe token names; raises InvalidUnsubscribeLink."""
    try:
        value = _signer().loads(token, max_age=int(UNSUBSCRIBE_VALID_FOR.total_seconds()))
        return uuid.UUID(str(value))
    except (SignatureExpired, BadSignature, ValueError):
        raise InvalidUnsubscribeLink() from None


def unsubscribe(token: str) -> bool:
    """Turn offers off for the user the token names; answers whether consent was on."""
    user_id = user_for_unsubscribe(token)
    with write_transaction() as session:
        changed = session.execute(
            update(User)
            .where(User.id == user_id, User.offers_consent.is_(true()))
            .values(offers_consent=False)
        ).rowcount
    log.info("offers unsubscribed user=%s changed=%s", user_id, bool(changed))
    return bool(changed)

"""Bearer tokens for the JSON API: issued once, stored only as a hash, revoked at will."""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, or_, select, update

from ..database import write_transaction
from ..extensions import db
from ..models import ApiToken, User
from ..models.base import utcnow

log = logging.getLogger(__name__)

# How stale last_used_at may get before a request writes it again.
LAST_USED_RESOLUTION = timedelta(minutes=1)
TOKENS = ApiToken.__table__
USERS = User.__table__
TOKEN_BYTES = 32


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is shown to its owner once and never kept."""

    token: ApiToken
    secret: str


def hash_token(secret: str) -> str:
    """The hex SHA-256 of a token, as the database keeps it."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(user: User) -> IssuedToken:
    """A new random token for ``user``."""
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    with write_transaction() as session:
        token = ApiToken(user_id=user.id, token_hash=hash_token(secret))
        session.add(token)
    log.info("api token issued token=%s user=%s", token.id, user.id)
    return IssuedToken(token, secret)


@dataclass(frozen=True)
class TokenHolder:
    """Who a live bearer token speaks for: enough to authorise a request and to log it.

    It answers as a signed-in user does for Flask-Login (``is_authenticated``, ``get_id``),
    so the request log and the no-store header see the caller; read the full user from
    ``accounts`` where a route shows it.
    """

    token_id: uuid.UUID
    id: uuid.UUID  # the user's
    is_admin: bool
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        """The user's id, as Flask-Login gives it."""
        return str(self.id)


_HOLDER = (
    select(TOKENS.c.id, TOKENS.c.user_id, TOKENS.c.last_used_at, USERS.c.is_admin)
    .join(USERS, USERS.c.id == TOKENS.c.user_id)
    .where(TOKENS.c.token_hash == bindparam("token_hash"), TOKENS.c.revoked_at.is_(None))
)


def find_holder(secret: str) -> TokenHolder | None:
    """Who the live token with this secret speaks for, or None; notes when it was used."""
    if not secret:
        return None
    row = db.session.connection().execute(_HOLDER, {"token_hash": hash_token(secret)}).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        _touch(row.id, now)
    return TokenHolder(row.id, row.user_id, row.is_admin)


def _touch(token_id: uuid.UUID, now: datetime) -> None:
    stale = now - LAST_USED_RESOLUTION
    with write_transaction() as session:
        # Conditional, so that parallel requests with one token write it once.
        session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= stale),
            )
            .values(last_used_at=now)
        )


def revoke_token(token_id: uuid.UUID) -> None:
    """End a token: it opens nothing from now on."""
    with write_transaction() as session:
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == token_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    log.info("api token revoked token=%s", token_id)

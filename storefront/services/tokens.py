"""Bearer tokens for the JSON API: issued once, stored only as a hash, revoked at will."""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from ..database import write_transaction
from ..extensions import db
from ..models import ApiToken, User
from ..models.base import utcnow

log = logging.getLogger(__name__)

# How stale last_used_at may get before a request writes it again.
LAST_USED_RESOLUTION = timedelta(minutes=1)
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


def find_token(secret: str) -> ApiToken | None:
    """The live token whose secret this is, or None; notes when it was used."""
    if not secret:
        return None
    token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(secret), ApiToken.revoked_at.is_(None)
        )
    )
    if token is None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        _touch(token.id, now)
    return token


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

"""People who use the shop: customers and admins."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String, Uuid, false, func, inspect
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..rules import EMAIL_MAX_LENGTH, USER_NAME_MAX_LENGTH, USERNAME_MAX_LENGTH
from .base import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH))
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(USER_NAME_MAX_LENGTH))
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX_LENGTH))
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Marketing (SPEC 9): offers go only to a confirmed address whose owner said yes.
    offers_consent: Mapped[bool] = mapped_column(default=False, server_default=false())
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session (read without loading an expired user)."""
        identity = inspect(self).identity
        return str(identity[0] if identity else self.id)

    @property
    def email_confirmed(self) -> bool:
        """Whether the current address was confirmed through its link."""
        return self.email is not None and self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.username}>"


# Usernames are unique regardless of case.
Index("uq_users_username_lower", func.lower(User.username), unique=True)

"""People who use the shop: customers and admins."""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, String, Uuid, false, func, inspect
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def get_id(self) -> str:
        # The id the session keys this object by: a commit that expired the object's
        # attributes does not make the request log read the user again.
        identity = inspect(self).identity
        return str(identity[0] if identity else self.id)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


# Usernames are unique regardless of case.
Index("uq_users_username_lower", func.lower(User.username), unique=True)

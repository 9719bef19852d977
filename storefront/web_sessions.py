"""Server-side sessions kept in the shop's own database.

The session store talks to the database on its own connections, so that saving a
session never commits (or rolls back) work a request left in the ORM session.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import Flask
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .database import BEGIN_IMMEDIATE
from .extensions import db
from .models.base import utcnow
from .models.sessions import WebSession

# Read on every request that carries a cookie: built once.
_READ = select(WebSession.data, WebSession.expiry).where(
    WebSession.session_id == bindparam("store_id")
)


class DatabaseSessionInterface(ServerSideSessionInterface):
    """Flask-Session's server-side sessions, stored in the ``sessions`` table."""

    session_class = ServerSideSession
    ttl = False

    def __init__(self, app: Flask) -> None:
        config = app.config
        super().__init__(
            app,
            key_prefix=config.get("SESSION_KEY_PREFIX", "session:"),
            use_signer=False,
            permanent=config["SESSION_PERMANENT"],
            sid_length=config.get("SESSION_ID_LENGTH", 32),
            serialization_format=config.get("SESSION_SERIALIZATION_FORMAT", "msgpack"),
            cleanup_n_requests=config.get("SESSION_CLEANUP_N_REQUESTS"),
        )

    def _retrieve_session_data(self, store_id: str) -> dict[str, Any] | None:
        with db.engine.connect() as connection:
            row = connection.execute(_READ, {"store_id": store_id}).first()
        if row is None or row.expiry <= utcnow():
            return None
        return self.serializer.decode(row.data)  # type: ignore[union-attr]

    def _delete_session(self, store_id: str) -> None:
        with _writer() as connection:
            connection.execute(delete(WebSession).where(WebSession.session_id == store_id))

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        values = {
            "data": self.serializer.encode(session),  # type: ignore[union-attr]
            "expiry": utcnow() + session_lifetime,
        }
        try:
            with _writer() as connection:
                changed = connection.execute(
                    update(WebSession).where(WebSession.session_id == store_id).values(values)
                ).rowcount
                if not changed:
                    connection.execute(insert(WebSession).values(session_id=store_id, **values))
        except IntegrityError:  # a parallel request inserted it first
            with _writer() as connection:
                connection.execute(
                    update(WebSession).where(WebSession.session_id == store_id).values(values)
                )

    def _delete_expired_sessions(self) -> None:
        with _writer() as connection:
            connection.execute(delete(WebSession).where(WebSession.expiry <= utcnow()))


@contextmanager
def _writer() -> Iterator[Connection]:
    with db.engine.connect() as connection:
        connection.execution_options(**BEGIN_IMMEDIATE)
        with connection.begin():
            yield connection

"""Server-side sessions kept in the shop's own database.

The session store talks to the database on its own connections, so that saving a
session never commits (or rolls back) work a request left in the ORM session.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionMixin
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from flask_session.redis.redis import RedisSessionInterface as _RedisSessionInterface
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from . import csrf_cookie, flash_cookie
from .database import BEGIN_IMMEDIATE
from .extensions import db
from .models.base import utcnow
from .models.sessions import WebSession
from .ops import PROBE_PATHS

log = logging.getLogger(__name__)

# Read on every request that carries a cookie: built once.
_READ = select(WebSession.data, WebSession.expiry).where(
    WebSession.session_id == bindparam("store_id")
)


class ProbesWithoutSessions:
    """A probe's request neither reads nor writes the session store, nor sets a cookie."""

    def open_session(self, app: Flask, request: Request) -> Any:
        if request.path in PROBE_PATHS:
            return self.make_null_session(app)  # type: ignore[attr-defined]
        return super().open_session(app, request)  # type: ignore[misc]

    def save_session(self, app: Flask, session: SessionMixin, response: Any) -> None:
        if self.is_null_session(session):  # type: ignore[attr-defined]
            return
        super().save_session(app, session, response)  # type: ignore[misc]


class StoredWhenNeeded:
    """Stores a session only once it holds something to keep, and only when that changes.

    A new session that holds at most a CSRF token writes nothing but that token's signed
    cookie (``csrf_cookie``). Flashed messages travel in a cookie of their own
    (``flash_cookie``), so a stored session is written again only when what it keeps
    changes: setting or showing a message writes nothing.
    """

    def open_session(self, app: Flask, request: Request) -> ServerSideSession:
        session = super().open_session(app, request)  # type: ignore[misc]
        # Flask-Session keeps the cookie's id only when it found the session in the store.
        session.stored = session.sid == request.cookies.get(app.config["SESSION_COOKIE_NAME"])
        # What the store holds, and under which id, to tell at the end whether anything but
        # messages changed. Messages a row still holds (from before they had their cookie)
        # leave it at the next save.
        session.saved = (session.sid, self._encoded(session)) if session.stored else None
        if session.stored and flash_cookie.SESSION_KEY in session:
            session.modified = True
        session.cookie_token = None
        key = csrf_cookie.field_name(app)
        if not session.stored and key not in session:
            session.cookie_token = csrf_cookie.read(app, request)
            if session.cookie_token:
                session[key] = session.cookie_token
                session.modified = False
        session.carried = flash_cookie.read(app, request)
        if session.carried:  # Flask's flash() and get_flashed_messages() find them here
            kept = dict.get(session, flash_cookie.SESSION_KEY, [])
            dict.__setitem__(session, flash_cookie.SESSION_KEY, [*kept, *session.carried])
        return session

    def save_session(self, app: Flask, session: ServerSideSession, response: Response) -> None:
        _carry_flashes(app, session, response)
        if getattr(session, "stored", True):
            if session.modified and session.saved == (session.sid, self._encoded(session)):
                session.modified = False  # only messages changed: their cookie has them
            super().save_session(app, session, response)  # type: ignore[misc]
            return
        if not csrf_cookie.nothing_to_keep(session):
            super().save_session(app, session, response)  # type: ignore[misc]
            return
        token = session.get(csrf_cookie.field_name(app))
        if token and token != session.cookie_token:
            csrf_cookie.write(app, response, token)

    def _encoded(self, session: ServerSideSession) -> bytes:
        return bytes(self.serializer.encode(dict(session)))  # type: ignore[attr-defined]


def _carry_flashes(app: Flask, session: ServerSideSession, response: Response) -> None:
    """Move the session's flashed messages to their cookie (or clear it once they are shown).

    ``dict`` methods are used so that moving them does not count as a change of the session.
    """
    flashes = dict.get(session, flash_cookie.SESSION_KEY)
    carried = getattr(session, "carried", [])
    if flashes == carried or (not flashes and not carried):
        dict.pop(session, flash_cookie.SESSION_KEY, None)  # the cookie has them already
        return
    value = flash_cookie.encode(app, flashes) if flashes else None
    if flashes and value is None:  # too long for a cookie: the session keeps them
        if carried:
            flash_cookie.write(app, response, None)
        return
    dict.pop(session, flash_cookie.SESSION_KEY, None)
    flash_cookie.write(app, response, value)


class DatabaseSessionInterface(ProbesWithoutSessions, StoredWhenNeeded, ServerSideSessionInterface):
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
        try:
            with db.engine.connect() as connection:
                row = connection.execute(_READ, {"store_id": store_id}).first()
        except OperationalError as error:  # the database is away: browse as a guest
            log.warning("session store unavailable, reading: %s", error.orig)
            return None
        if row is None or row.expiry <= utcnow():
            return None
        return self.serializer.decode(row.data)  # type: ignore[union-attr]

    def _delete_session(self, store_id: str) -> None:
        try:
            with _writer() as connection:
                connection.execute(delete(WebSession).where(WebSession.session_id == store_id))
        except OperationalError as error:
            log.warning("session store unavailable, deleting: %s", error.orig)

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        values = {
            "data": self.serializer.encode(session),  # type: ignore[union-attr]
            "expiry": utcnow() + session_lifetime,
        }
        try:
            self._write(store_id, values)
        except OperationalError as error:
            log.warning("session store unavailable, saving: %s", error.orig)

    def _write(self, store_id: str, values: dict[str, Any]) -> None:
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
        try:
            with _writer() as connection:
                connection.execute(delete(WebSession).where(WebSession.expiry <= utcnow()))
        except OperationalError as error:
            log.warning("session store unavailable, tidying: %s", error.orig)


@contextmanager
def _writer() -> Iterator[Connection]:
    with db.engine.connect() as connection:
        connection.execution_options(**BEGIN_IMMEDIATE)
        with connection.begin():
            yield connection


class RedisSessionInterface(ProbesWithoutSessions, StoredWhenNeeded, _RedisSessionInterface):
    """Flask-Session's Redis sessions, which degrade instead of failing when Redis is away.

    A session that cannot be read is a new, empty one (the visitor browses as a
    guest); one that cannot be saved is dropped with a warning. Pages keep working.
    """

    def _retrieve_session_data(self, store_id: str) -> dict[str, Any] | None:
        try:
            return super()._retrieve_session_data(store_id)
        except RedisError as error:
            log.warning("session store unavailable, reading: %s", error)
            return None

    def _delete_session(self, store_id: str) -> None:
        try:
            super()._delete_session(store_id)
        except RedisError as error:
            log.warning("session store unavailable, deleting: %s", error)

    def _upsert_session(
        self, session_lifetime: timedelta, session: ServerSideSession, store_id: str
    ) -> None:
        try:
            super()._upsert_session(session_lifetime, session, store_id)
        except RedisError as error:
            log.warning("session store unavailable, saving: %s", error)


def redis_session_interface(app: Flask) -> RedisSessionInterface:
    """Sessions in Redis at REDIS_URL, with short time-outs so an outage is noticed fast."""
    config = app.config
    client = Redis.from_url(config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=1)
    return RedisSessionInterface(
        app,
        client=client,
        key_prefix=config.get("SESSION_KEY_PREFIX", "session:"),
        permanent=config["SESSION_PERMANENT"],
        sid_length=config.get("SESSION_ID_LENGTH", 32),
        serialization_format=config.get("SESSION_SERIALIZATION_FORMAT", "msgpack"),
    )

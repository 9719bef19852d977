"""Database set-up and the one way services open a write transaction.

SQLite is tuned for a web server: WAL (readers never wait for the writer), a busy
timeout (writers queue instead of failing), foreign keys on, and ``BEGIN IMMEDIATE``
for write transactions, so that two writers never both read and then both fail
to upgrade their lock. Reads keep plain deferred transactions.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, g, has_request_context
from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from . import read_endings
from .extensions import db

_BEGIN_OPTION = "storefront_begin"
# Execution options for a connection whose transactions write.
BEGIN_IMMEDIATE = {_BEGIN_OPTION: "IMMEDIATE"}


def configure_engine(app: Flask) -> None:
    """Install the per-dialect connection settings on the app's engine."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, float(app.config["SQLITE_BUSY_TIMEOUT_SECONDS"]))
    else:
        _ping_when_idle(engine, float(app.config["DATABASE_PING_IDLE_SECONDS"]))
    # Runs before Flask-SQLAlchemy's own teardown (they run in reverse order).
    app.teardown_appcontext(_release_session)
    if engine.dialect.driver == "psycopg":
        read_endings.watch(engine)
        app.teardown_appcontext(_commit_reads)  # registered last: runs first


def _commit_reads(error: BaseException | None) -> None:
    if error is None:
        read_endings.commit_if_only_read(db.session())


def _release_session(_error: BaseException | None) -> None:
    """End the request's session; a connection the server dropped is thrown away."""
    try:
        db.session.remove()
    except DBAPIError:
        db.session.registry().invalidate()
        db.session.registry.clear()


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection before use only when it has sat unused for a while.

    A server restart or a dropped idle link is found before a request uses the
    connection; a busy connection is not pinged again. A connection that fails while in
    use makes SQLAlchemy throw away every older pooled one, and the request answers 503.
    """

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def on_return(_dbapi_connection: Any, record: Any) -> None:
        record.info["returned_at"] = time.monotonic()  # new, or just used

    @event.listens_for(engine, "checkout")
    def on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned = record.info.get("returned_at")
        if returned is not None and time.monotonic() - returned < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool tries another connection
            raise DisconnectionError() from error


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves instead of the driver's implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction(*, keep_loaded: bool = False) -> Iterator[Session]:
    """Run the block as one write transaction: commit at the end, roll back on error.

    Any read-only transaction still open is ended first, so that on SQLite the
    write starts with ``BEGIN IMMEDIATE`` and waits its turn instead of failing.

    ``keep_loaded``: the objects the block loaded (under lock) and changed stay as they
    are after the commit instead of being read again on their next use. Only for blocks
    whose objects hold exactly what was written, with nothing set by the database.
    """
    session = db.session()
    if session.in_transaction():
        session.commit()
    connection = session.connection(execution_options=BEGIN_IMMEDIATE)
    expire = session.expire_on_commit
    session.expire_on_commit = expire and not keep_loaded
    try:
        try:
            yield session
        except BaseException:
            _after_commit_of(connection)  # forgotten: nothing was committed
            session.rollback()
            raise
        callbacks = _after_commit_of(connection)
        try:
            session.commit()
        except OperationalError:
            # The connection failed during COMMIT: the server may have committed or not.
            _note(COMMIT_IN_DOUBT)
            session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise
        _note(COMMITTED)
    finally:
        session.expire_on_commit = expire
    for callback in callbacks:
        callback()


# Callbacks waiting for the commit of the transaction on a connection. Kept beside the
# connection, not in it: a connection the server dropped must not be asked anything.
_AFTER_COMMIT: weakref.WeakKeyDictionary[Connection, list[Callable[[], None]]] = (
    weakref.WeakKeyDictionary()
)
_AFTER_COMMIT_LOCK = threading.Lock()


def after_commit(connection: Connection, callback: Callable[[], None]) -> None:
    """Call ``callback`` once the write transaction on ``connection`` has committed.

    Forgotten when it rolls back. Only ``write_transaction`` runs it: a transaction
    committed another way drops it, so a callback must only speed up what happens anyway
    (the outbox's wake-up: the periodic run sends what it missed).
    """
    with _AFTER_COMMIT_LOCK:
        callbacks = _AFTER_COMMIT.setdefault(connection, [])
        if callback not in callbacks:
            callbacks.append(callback)


def _after_commit_of(connection: Connection) -> list[Callable[[], None]]:
    with _AFTER_COMMIT_LOCK:
        return _AFTER_COMMIT.pop(connection, [])


# What this request's write transactions did, for an error page that must not claim
# "nothing was changed" when something was (see ``errors.database_unavailable``).
COMMITTED = "storefront_committed"
COMMIT_IN_DOUBT = "storefront_commit_in_doubt"


def _note(what: str) -> None:
    if has_request_context():
        setattr(g, what, True)


def request_wrote() -> str | None:
    """In a request: COMMITTED if a write landed, else COMMIT_IN_DOUBT if one may have."""
    for what in (COMMITTED, COMMIT_IN_DOUBT):
        if g.get(what):
            return what
    return None


def forget_writes() -> None:
    """Start a request with nothing written (tests may share one app context)."""
    g.pop(COMMITTED, None)
    g.pop(COMMIT_IN_DOUBT, None)


def create_database_if_missing(url: str) -> bool:
    """Create the PostgreSQL database ``url`` names when the server has none of that name.

    Connects to the server's ``postgres`` database as the same user. Answers whether it
    created one; SQLite makes its file on first use, so there is nothing to do.
    """
    target = make_url(url)
    if not target.drivername.startswith("postgresql") or not target.database:
        return False
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            ).first()
            if found:
                return False
            quoted = connection.dialect.identifier_preparer.quote(target.database)
            connection.execute(text(f"CREATE DATABASE {quoted}"))
            return True
    finally:
        server.dispose()

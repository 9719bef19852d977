"""On PostgreSQL, a transaction that only read ends with COMMIT, so that the server keeps
the connection's prepared statements.

psycopg prepares a statement on the server once it has run a few times on a connection
(``prepare_threshold``): the server then plans it once instead of on every run, and on a
page such as the product page planning costs more than running (five tables joined, a
fraction of a millisecond to read one row). psycopg forgets every prepared statement on
ROLLBACK, though (a rollback may undo the objects a statement was planned against), and a
request that only read never commits: SQLAlchemy ends it with a rollback when the session
closes. For a transaction that sent nothing but SELECTs, COMMIT and ROLLBACK leave the
database the same; COMMIT keeps the plans.

A transaction that sent anything else (a write, a savepoint) or holds unsaved changes
still rolls back, as does the transaction of any request that failed.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

WROTE = "storefront_sent_more_than_selects"


def watch(engine: Engine) -> None:
    """Note on each connection whether its transaction sent anything but a SELECT."""

    @event.listens_for(engine, "before_cursor_execute")
    def note(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not conn.info.get(WROTE) and statement.lstrip()[:6].upper() != "SELECT":
            conn.info[WROTE] = True

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def forget(conn: Any) -> None:
        if not conn.invalidated:  # an invalidated connection's notes go with it
            conn.info.pop(WROTE, None)


def commit_if_only_read(session: Session) -> None:
    """Commit the session's transaction when it sent only SELECTs and holds no change;
    otherwise leave it to be rolled back. Loaded objects keep their state, as they would
    after the rollback (code may read them after the request's session is gone)."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        # A failed or dropped connection refuses: the session's removal rolls back.
        with suppress(SQLAlchemyError):
            if not session.connection().info.get(WROTE):
                session.commit()
    finally:
        session.expire_on_commit = expire

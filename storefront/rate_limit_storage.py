"""A storage for the ``limits`` library in the shop's own database: ``storefront-db://``.

The embedded default (no ``REDIS_URL``) runs several gunicorn workers; counting in each
worker's memory let each of them allow the whole limit. Every process shares the database,
so the counters live in the ``rate_limit_counters`` table: one row per window, added to with
one atomic upsert. Fixed windows only (Flask-Limiter's default strategy). Each call uses its
own short transaction on its own connection, never the request's.
"""

from __future__ import annotations

import random
import time
from typing import Any

from limits.storage import Storage
from sqlalchemy import case, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import RateLimitCounter

SCHEME = "storefront-db"
TABLE = RateLimitCounter.__table__
# One increment in this many also deletes windows that have ended.
SWEEP_ONE_IN = 200


class DatabaseStorage(Storage):
    """Counters in ``rate_limit_counters`` (see the module's doc)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @staticmethod
    def _engine() -> Engine:
        return db.engine  # the app's, found through the request's app context

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        engine = self._engine()
        insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
        ended = TABLE.c.expires_at <= now
        statement = insert(TABLE).values(key=key, count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[TABLE.c.key],
            set_={
                "count": case((ended, amount), else_=TABLE.c.count + amount),
                "expires_at": case((ended, now + expiry), else_=TABLE.c.expires_at),
            },
        ).returning(TABLE.c.count)
        with engine.begin() as connection:
            count = int(connection.execute(statement).scalar_one())
            if random.randrange(SWEEP_ONE_IN) == 0:  # noqa: S311 (not for secrets)
                connection.execute(delete(TABLE).where(TABLE.c.expires_at < now))
        return count

    def get(self, key: str) -> int:
        query = select(TABLE.c.count).where(TABLE.c.key == key, TABLE.c.expires_at > time.time())
        with self._engine().connect() as connection:
            return int(connection.execute(query).scalar() or 0)

    def get_expiry(self, key: str) -> float:
        query = select(TABLE.c.expires_at).where(TABLE.c.key == key)
        with self._engine().connect() as connection:
            found = connection.execute(query).scalar()
        return float(found) if found is not None else time.time()

    def check(self) -> bool:
        try:
            with self._engine().connect() as connection:
                connection.execute(select(func.count()).select_from(TABLE))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self._engine().begin() as connection:
            return connection.execute(delete(TABLE)).rowcount

    def clear(self, key: str) -> None:
        with self._engine().begin() as connection:
            connection.execute(delete(TABLE).where(TABLE.c.key == key))


def register() -> None:
    """Nothing to do: defining ``DatabaseStorage`` registered its scheme with ``limits``."""

"""The payment sandbox's ledger: each idempotency key's result, kept in its own SQLite file.

A key keeps its result after a restart, as a provider's would. Only the card's brand and
last four digits are written; never its number or CVV.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .cards import Card

SUCCEEDED = "succeeded"
DECLINED = "declined"

SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    key TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('succeeded', 'declined')),
    payment_id TEXT UNIQUE,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    reference TEXT NOT NULL,
    customer TEXT NOT NULL,
    card_brand TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    error TEXT,
    code TEXT,
    created_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Payment:
    """One payment request's values, checked."""

    key: str
    amount_cents: int
    currency: str
    reference: str
    customer: str
    card: Card


class Ledger:
    """The results the sandbox remembers, on the SQLite file at ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            with _transaction(connection):
                connection.execute(SCHEMA)

    def result(self, key: str) -> sqlite3.Row | None:
        """The result remembered under ``key``, if any."""
        return find(self._connection(), key)

    def rows(self, key: str | None = None) -> list[sqlite3.Row]:
        """Every remembered result, oldest first; only ``key``'s if given."""
        query = "SELECT * FROM payments"
        params: tuple[str, ...] = ()
        if key is not None:
            query, params = query + " WHERE key = ?", (key,)
        return self._connection().execute(query + " ORDER BY created_at, rowid", params).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A connection in one write transaction, for a look-up and the write it decides."""
        connection = self._connection()
        with _transaction(connection):
            yield connection

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened once: closing the last one checkpoints the log."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        return connection

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA synchronous = FULL")  # a provider's ledger survives a crash
        return connection


def find(connection: sqlite3.Connection, key: str) -> sqlite3.Row | None:
    """The result remembered under ``key``, read on ``connection``."""
    return connection.execute("SELECT * FROM payments WHERE key = ?", (key,)).fetchone()


def insert(
    connection: sqlite3.Connection,
    payment: Payment,
    status: str,
    payment_id: str | None,
    code: str | None,
    error: str | None,
) -> None:
    """Remember ``payment``'s result under its key."""
    connection.execute(
        "INSERT INTO payments (key, status, payment_id, amount_cents, currency, reference,"
        " customer, card_brand, card_last4, error, code, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            payment.key,
            status,
            payment_id,
            payment.amount_cents,
            payment.currency,
            payment.reference,
            payment.customer,
            payment.card.brand,
            payment.card.last4,
            error,
            code,
            datetime.now(UTC).isoformat(timespec="microseconds"),
        ),
    )


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction that takes the write lock at once, so checks and writes never race."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")

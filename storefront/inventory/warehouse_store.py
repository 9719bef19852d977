"""The warehouse sandbox's own storage: its items, and the events it owes the shop.

A SQLite file of the sandbox's own (never the shop's database). Every change to an item
writes the event that tells of it in the same transaction (an outbox), so an event is
never lost when the broker or the webhook is down: the publisher sends what is still owed.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    price INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    quantity INTEGER
);
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    broker_sent INTEGER NOT NULL DEFAULT 0,
    webhook_sent INTEGER NOT NULL DEFAULT 0
);
"""
CREATED = "item.created"
STATUS_TOGGLED = "item.status_toggled"
STOCK_SET = "item.stock_set"


@dataclass(frozen=True)
class Item:
    """One warehouse item as the warehouse's API shows it."""

    id: int
    name: str
    price: int
    active: bool
    quantity: int | None

    def as_json(self) -> dict[str, Any]:
        """The item's fields; ``quantity`` only when the warehouse counts it."""
        data: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "price": self.price,
            "active": self.active,
        }
        if self.quantity is not None:
            data["quantity"] = self.quantity
        return data


@dataclass(frozen=True)
class Owed:
    """An event still to be delivered to one of its targets."""

    seq: int
    event_id: str
    body: str


class WarehouseStore:
    """The items and the outbox, in one SQLite file; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        with self._connection() as connection:
            connection.executescript(SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.row_factory = sqlite3.Row
            self._local.connection = connection
        return connection

    def _write(self) -> _Transaction:
        return _Transaction(self._connection())

    def items(self) -> list[Item]:
        """Every item, oldest first."""
        rows = self._connection().execute("SELECT * FROM items ORDER BY id").fetchall()
        return [_item(row) for row in rows]

    def create(self, name: str, price: int) -> Item:
        """A new active item, and its item.created event."""
        with self._write() as connection:
            cursor = connection.execute(
                "INSERT INTO items (name, price, active) VALUES (?, ?, 1)", (name, price)
            )
            item = self._get(connection, int(cursor.lastrowid or 0))
            assert item is not None
            _owe(connection, CREATED, item)
        return item

    def toggle(self, item_id: int) -> Item | None:
        """Flip the item's active flag, with its item.status_toggled event; None if unknown."""
        with self._write() as connection:
            connection.execute("UPDATE items SET active = 1 - active WHERE id = ?", (item_id,))
            item = self._get(connection, item_id)
            if item is not None:
                _owe(connection, STATUS_TOGGLED, item)
        return item

    def set_stock(self, item_id: int, quantity: int) -> Item | None:
        """Set the units on hand, with an item.stock_set event; None if unknown."""
        with self._write() as connection:
            connection.execute("UPDATE items SET quantity = ? WHERE id = ?", (quantity, item_id))
            item = self._get(connection, item_id)
            if item is not None:
                _owe(connection, STOCK_SET, item)
        return item

    def owed(self, target: str, limit: int = 100) -> list[Owed]:
        """Events not yet delivered to ``target`` (``broker`` or ``webhook``), oldest first."""
        column = _sent_column(target)
        rows = self._connection().execute(
            f"SELECT seq, event_id, body FROM outbox WHERE {column} = 0 ORDER BY seq LIMIT ?",  # noqa: S608
            (limit,),
        )
        return [Owed(row["seq"], row["event_id"], row["body"]) for row in rows]

    def delivered(self, target: str, seq: int) -> None:
        """Mark one event as delivered to ``target``."""
        column = _sent_column(target)
        with self._write() as connection:
            connection.execute(f"UPDATE outbox SET {column} = 1 WHERE seq = ?", (seq,))  # noqa: S608

    @staticmethod
    def _get(connection: sqlite3.Connection, item_id: int) -> Item | None:
        row = connection.execute("SELECT * FROM items WHERE id = ?", (item_id,)).fetchone()
        return _item(row) if row is not None else None


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (or ``ROLLBACK`` on an exception)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind: object, *_rest: object) -> None:
        self.connection.execute("ROLLBACK" if kind else "COMMIT")


def _sent_column(target: str) -> str:
    if target not in ("broker", "webhook"):
        raise ValueError(f"unknown target {target}")
    return f"{target}_sent"


def _item(row: sqlite3.Row) -> Item:
    return Item(row["id"], row["name"], row["price"], bool(row["active"]), row["quantity"])


def _owe(connection: sqlite3.Connection, event_type: str, item: Item) -> None:
    """Write the event telling of ``item``'s change, in the caller's transaction."""
    event_id = str(uuid.uuid4())
    body = json.dumps(
        {
            "id": event_id,
            "type": event_type,
            "occurred_at": datetime.now(UTC).isoformat(),
            "item": item.as_json(),
        }
    )
    connection.execute("INSERT INTO outbox (event_id, body) VALUES (?, ?)", (event_id, body))

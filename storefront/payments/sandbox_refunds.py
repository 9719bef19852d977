"""The payment sandbox's refunds (SPEC 8), kept in the ledger's SQLite file beside the charges.

- 200 ``{refund_id, status: "succeeded"}``: given back, once, under that key;
- 400 ``{error, code}``: invalid; an unknown payment (``unknown_payment``) or more than is
  left of the charge (``amount_too_large``), both remembered under the key; or the key used
  before for another payment or amount (``idempotency_key_reused``);
- 409 ``{refund_id}``: that key was refunded before;
- 500: an unknown error, not remembered (the test switch makes these).

``GET /v1/refunds/<key>`` answers 200 ``{refund_id, status, payment_id, amount}`` or 404.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..money import amount_text
from .sandbox_ledger import SUCCEEDED, Ledger

REFUSED = "refused"
KEY_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,255}")
ID_PATTERN = re.compile(r"[!-~]{1,255}")
AMOUNT_PATTERN = re.compile(r"(0|[1-9][0-9]{0,11})\.[0-9]{2}")

SCHEMA = """
CREATE TABLE IF NOT EXISTS refunds (
    key TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('succeeded', 'refused')),
    refund_id TEXT UNIQUE,
    payment_id TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    error TEXT,
    code TEXT,
    created_at TEXT NOT NULL
)
"""

# (status, body) as the sandbox's Answer holds them.
Reply = tuple[int, dict[str, Any]]


def _error(status: int, code: str, message: str) -> Reply:
    return status, {"error": message, "code": code}


class RefundDesk:
    """Refunds against the charges in ``ledger``; ``announce`` prints the console line."""

    def __init__(self, ledger: Ledger, announce: Callable[[str], None]) -> None:
        self._ledger = ledger
        self._announce = announce
        with ledger.transaction() as connection:
            connection.execute(SCHEMA)

    def refund(self, key: str | None, body: Any) -> Reply:
        """Give money back from a charge once under ``key`` (POST /v1/refunds)."""
        if not key or not KEY_PATTERN.fullmatch(key):
            message = "The Idempotency-Key header is required: 1 to 255 of A-Z a-z 0-9 . _ : -"
            return _error(400, "invalid_request", message)
        problem, payment_id, cents = _parse(body)
        if problem:
            return _error(400, "invalid_request", problem)
        with self._ledger.transaction() as connection:
            row = connection.execute("SELECT * FROM refunds WHERE key = ?", (key,)).fetchone()
            if row is not None:
                return _replay(row, payment_id, cents)
            reply = self._decide(connection, key, payment_id, cents)
        if reply[0] == 200:
            self._announce(
                f"refund succeeded payment={payment_id} amount={amount_text(cents)} "
                f"refund={reply[1]['refund_id']}\n"
            )
        return reply

    def find(self, key: str) -> Reply:
        """What became of ``key`` (GET /v1/refunds/<key>): 200 with its result, or 404."""
        row = None
        if KEY_PATTERN.fullmatch(key):
            row = self._ledger_row(key)
        if row is None:
            return _error(404, "not_found", "Nothing was refunded or refused under this key.")
        body = {
            "refund_id": row["refund_id"],
            "status": row["status"],
            "payment_id": row["payment_id"],
            "amount": amount_text(row["amount_cents"]),
        }
        if row["status"] == REFUSED:
            body.update(error=row["error"], code=row["code"])
        return 200, body

    def rows(self) -> list[dict[str, Any]]:
        """Every refund remembered, oldest first (the test ledger)."""
        with self._ledger.transaction() as connection:
            found = connection.execute("SELECT * FROM refunds ORDER BY created_at, rowid")
            return [
                {
                    "key": row["key"],
                    "status": row["status"],
                    "refund_id": row["refund_id"],
                    "payment_id": row["payment_id"],
                    "amount": amount_text(row["amount_cents"]),
                    "created_at": row["created_at"],
                }
                for row in found.fetchall()
            ]

    def _ledger_row(self, key: str) -> sqlite3.Row | None:
        with self._ledger.transaction() as connection:
            return connection.execute("SELECT * FROM refunds WHERE key = ?", (key,)).fetchone()

    def _decide(
        self, connection: sqlite3.Connection, key: str, payment_id: str, cents: int
    ) -> Reply:
        charge = connection.execute(
            "SELECT amount_cents FROM payments WHERE payment_id = ? AND status = ?",
            (payment_id, SUCCEEDED),
        ).fetchone()
        if charge is None:
            return self._refuse(
                connection, key, payment_id, cents, "unknown_payment", "There is no such payment."
            )
        refunded = connection.execute(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM refunds"
            " WHERE payment_id = ? AND status = ?",
            (payment_id, SUCCEEDED),
        ).fetchone()[0]
        if refunded + cents > charge["amount_cents"]:
            left = amount_text(charge["amount_cents"] - refunded)
            return self._refuse(
                connection,
                key,
                payment_id,
                cents,
                "amount_too_large",
                f"That is more than was charged: {left} is left to refund.",
            )
        refund_id = "re_" + secrets.token_hex(12)
        _insert(connection, key, SUCCEEDED, refund_id, payment_id, cents, None, None)
        return 200, {"refund_id": refund_id, "status": SUCCEEDED}

    @staticmethod
    def _refuse(
        connection: sqlite3.Connection,
        key: str,
        payment_id: str,
        cents: int,
        code: str,
        message: str,
    ) -> Reply:
        _insert(connection, key, REFUSED, None, payment_id, cents, code, message)
        return _error(400, code, message)


def _replay(row: sqlite3.Row, payment_id: str, cents: int) -> Reply:
    """The answer for a key seen before: the same result, or a refusal if the request differs."""
    if row["payment_id"] != payment_id or row["amount_cents"] != cents:
        return _error(
            400,
            "idempotency_key_reused",
            "This idempotency key was already used for a different refund.",
        )
    if row["status"] == SUCCEEDED:
        return 409, {"refund_id": row["refund_id"]}
    return _error(400, row["code"], row["error"])


def _parse(body: Any) -> tuple[str | None, str, int]:
    """(problem, payment id, cents) of a refund's body."""
    if not isinstance(body, dict):
        return "The body must be a JSON object.", "", 0
    payment_id = body.get("payment_id")
    if not isinstance(payment_id, str) or not ID_PATTERN.fullmatch(payment_id):
        return "payment_id must be 1 to 255 visible characters, without spaces.", "", 0
    amount = body.get("amount")
    if not isinstance(amount, str) or not AMOUNT_PATTERN.fullmatch(amount):
        return 'amount must be a string with two decimals, such as "12.99".', "", 0
    whole, part = amount.split(".")
    cents = int(whole) * 100 + int(part)
    if cents <= 0:
        return "amount must be more than 0.00.", "", 0
    return None, payment_id, cents


def _insert(
    connection: sqlite3.Connection,
    key: str,
    status: str,
    refund_id: str | None,
    payment_id: str,
    cents: int,
    code: str | None,
    error: str | None,
) -> None:
    connection.execute(
        "INSERT INTO refunds (key, status, refund_id, payment_id, amount_cents, error, code,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            status,
            refund_id,
            payment_id,
            cents,
            error,
            code,
            datetime.now(UTC).isoformat(timespec="microseconds"),
        ),
    )

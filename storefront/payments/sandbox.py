"""The payment sandbox: a stand-in for the payment provider with exactly its answers.

``Sandbox`` is the logic, without HTTP: ``sandbox_app`` serves it as its own
process, and ``InProcessProvider`` calls it directly when the shop has no
``PAYMENT_URL``. Each answer is an HTTP status and a JSON body:

- 200 ``{payment_id, status: "succeeded"}``: charged, once, under that key;
- 400 ``{error, code}``: invalid, declined (``card_declined``, remembered), or the key
  was used before for another amount (``idempotency_key_reused``);
- 409 ``{payment_id}``: that key was charged before;
- 500 ``{error, code}``: an unknown error, not remembered, so a retry may succeed.

Results live in the ``sandbox_ledger``'s SQLite file, so a key keeps its result after a
restart. Card numbers and CVVs are never stored or printed: only the brand and the last four.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import sys
import threading
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from ..money import amount_text
from . import sandbox_ledger
from .cards import InvalidCard, parse_card
from .sandbox_ledger import DECLINED, SUCCEEDED, Ledger, Payment
from .sandbox_refunds import RefundDesk

# The test cards, and what the sandbox does with each; the one place they are written.
SUCCESS_CARD = "4242424242424242"  # charged
DECLINE_CARD = "4000000000000002"  # declined, and the decline remembered under its key
ERROR_CARD = "4000000000000119"  # a 500 every time, nothing remembered
SLOW_CARD = "4000000000000259"  # charged, the answer held back for slow_seconds
TEST_CARDS = {
    "success": SUCCESS_CARD,
    "decline": DECLINE_CARD,
    "error": ERROR_CARD,
    "slow": SLOW_CARD,
}

FAULT_MODES = ("error", "stall")
MAX_FAULT_COUNT = 1000
MAX_STALL_SECONDS = 600.0

KEY_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,255}")
ID_PATTERN = re.compile(r"[!-~]{1,255}")  # visible ASCII: no spaces, no line breaks
AMOUNT_PATTERN = re.compile(r"(0|[1-9][0-9]{0,11})\.[0-9]{2}")
CURRENCY_PATTERN = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Answer:
    """What the sandbox says: an HTTP status and a JSON body."""

    status: int
    body: dict[str, Any]
    hold_seconds: float = 0.0  # send the answer only after this long (stall, slow card)


class _BadRequest(Exception):
    pass


def _error(status: int, code: str, message: str) -> Answer:
    return Answer(status, {"error": message, "code": code})


DECLINE = ("card_declined", "The card was declined.")
UNEXPECTED = ("processing_error", "The payment service had an unexpected error; try again.")


class Sandbox:
    """The payment provider's rules, on its own SQLite file; safe to share between threads."""

    def __init__(
        self, path: str | Path, *, slow_seconds: float = 10.0, out: TextIO | None = None
    ) -> None:
        self._ledger = Ledger(path)
        self.path = self._ledger.path
        self.slow_seconds = float(slow_seconds)
        self._out = out
        self._faults: deque[tuple[str, float]] = deque()
        self._faults_lock = threading.Lock()
        self._print_lock = threading.Lock()
        self._refunds = RefundDesk(self._ledger, self._print)

    # -- the provider's API -------------------------------------------------

    def pay(self, key: str | None, body: Any) -> Answer:
        """Charge the card in ``body`` once under ``key`` (POST /v1/payments)."""
        fault = self._take_fault()
        if fault and fault[0] == "error":
            return _error(500, *UNEXPECTED)
        hold = fault[1] if fault else 0.0
        try:
            payment = _parse_payment(key, body)
        except _BadRequest as problem:
            return replace(_error(400, "invalid_request", str(problem)), hold_seconds=hold)
        except InvalidCard as problem:
            message = " ".join(problem.fields.values())
            return replace(_error(400, "invalid_card", message), hold_seconds=hold)
        if payment.card.number == SLOW_CARD:
            hold = max(hold, self.slow_seconds)
        answer, charged = self._settle(payment)
        if charged:
            self._announce(payment, answer.body["payment_id"])
        return replace(answer, hold_seconds=hold)

    def find(self, key: str) -> Answer:
        """What became of ``key`` (GET /v1/payments/<key>): 200 with its result, or 404."""
        fault = self._take_fault()
        if fault and fault[0] == "error":
            return _error(500, *UNEXPECTED)
        hold = fault[1] if fault else 0.0
        row = self._ledger.result(key) if KEY_PATTERN.fullmatch(key) else None
        if row is None:
            answer = _error(404, "not_found", "Nothing was charged or declined under this key.")
        else:
            body = {"payment_id": row["payment_id"], "status": row["status"]}
            if row["status"] == DECLINED:
                body.update(error=row["error"], code=row["code"])
            answer = Answer(200, body)
        return replace(answer, hold_seconds=hold)

    def refund(self, key: str | None, body: Any) -> Answer:
        """Give money back from a charge once under ``key`` (POST /v1/refunds)."""
        fault = self._take_fault()
        if fault and fault[0] == "error":
            return _error(500, *UNEXPECTED)
        return Answer(*self._refunds.refund(key, body), hold_seconds=fault[1] if fault else 0.0)

    def find_refund(self, key: str) -> Answer:
        """What became of the refund under ``key`` (GET /v1/refunds/<key>)."""
        fault = self._take_fault()
        if fault and fault[0] == "error":
            return _error(500, *UNEXPECTED)
        return Answer(*self._refunds.find(key), hold_seconds=fault[1] if fault else 0.0)

    def refund_ledger(self) -> list[dict[str, Any]]:
        """Every remembered refund, oldest first (GET /v1/test/ledger)."""
        return self._refunds.rows()

    # -- the test switch and the ledger -------------------------------------

    def fail_next(self, body: Any) -> Answer:
        """Make the next ``count`` payment requests answer 500 or stall (the test switch)."""
        if not isinstance(body, dict):
            return _error(400, "invalid_request", "The body must be a JSON object.")
        count, mode = body.get("count"), body.get("mode", "error")
        seconds = body.get("seconds", self.slow_seconds)
        problem = _fault_problem(count, mode, seconds)
        if problem:
            return _error(400, "invalid_request", problem)
        with self._faults_lock:
            self._faults = deque([(mode, float(seconds))] * count)
        return Answer(200, {"count": count, "mode": mode, "seconds": float(seconds)})

    def ledger(self, key: str | None = None) -> list[dict[str, Any]]:
        """Every remembered result, oldest first (GET /v1/test/ledger); only ``key``'s if given."""
        return [
            {
                "key": row["key"],
                "amount": amount_text(row["amount_cents"]),
                "currency": row["currency"],
                "payment_id": row["payment_id"],
                "status": row["status"],
                "reference": row["reference"],
                "customer": row["customer"],
                "card": f"{row['card_brand']} {row['card_last4']}",
                "created_at": row["created_at"],
            }
            for row in self._ledger.rows(key)
        ]

    # -- inside -------------------------------------------------------------

    def _take_fault(self) -> tuple[str, float] | None:
        with self._faults_lock:
            return self._faults.popleft() if self._faults else None

    def _settle(self, payment: Payment) -> tuple[Answer, bool]:
        """Answer from memory for a known key, else decide and remember; True when charged."""
        with self._ledger.transaction() as connection:
            row = sandbox_ledger.find(connection, payment.key)
            if row is not None:
                return _replay(row, payment), False
            number = payment.card.number
            if number == ERROR_CARD:
                return _error(500, *UNEXPECTED), False
            if number == DECLINE_CARD:
                code, message = DECLINE
                sandbox_ledger.insert(connection, payment, DECLINED, None, code, message)
                return _error(400, code, message), False
            payment_id = "pay_" + secrets.token_hex(12)
            sandbox_ledger.insert(connection, payment, SUCCEEDED, payment_id, None, None)
            return Answer(200, {"payment_id": payment_id, "status": SUCCEEDED}), True

    def _announce(self, payment: Payment, payment_id: str) -> None:
        line = (
            f"payment succeeded customer={payment.customer} "
            f"amount={amount_text(payment.amount_cents)} payment={payment_id}\n"
        )
        self._print(line)

    def _print(self, line: str) -> None:
        out = self._out or sys.stdout
        with self._print_lock:
            out.write(line)
            out.flush()


def _replay(row: sqlite3.Row, payment: Payment) -> Answer:
    """The answer for a key seen before: the same result, or a refusal if the amount differs."""
    if row["amount_cents"] != payment.amount_cents or row["currency"] != payment.currency:
        return _error(
            400,
            "idempotency_key_reused",
            "This idempotency key was already used for a different amount.",
        )
    if row["status"] == SUCCEEDED:
        return Answer(409, {"payment_id": row["payment_id"]})
    return _error(400, row["code"], row["error"])


def _fault_problem(count: Any, mode: Any, seconds: Any) -> str | None:
    """What is wrong with a fail-next request, if anything."""
    if type(count) is not int or not 0 <= count <= MAX_FAULT_COUNT:
        return f"count must be a whole number from 0 to {MAX_FAULT_COUNT}."
    if mode not in FAULT_MODES:
        return 'mode must be "error" or "stall".'
    if type(seconds) not in (int, float) or not 0 < seconds <= MAX_STALL_SECONDS:
        return f"seconds must be more than 0 and at most {MAX_STALL_SECONDS:g}."
    return None


def _parse_payment(key: str | None, body: Any) -> Payment:
    """The request's values, checked; raises ``_BadRequest`` or the card's ``InvalidCard``."""
    if not key or not KEY_PATTERN.fullmatch(key):
        raise _BadRequest("The Idempotency-Key header is required: 1 to 255 of A-Z a-z 0-9 . _ : -")
    if not isinstance(body, dict):
        raise _BadRequest("The body must be a JSON object.")
    amount = body.get("amount")
    if not isinstance(amount, str) or not AMOUNT_PATTERN.fullmatch(amount):
        raise _BadRequest('amount must be a string with two decimals, such as "1299.00".')
    whole, part = amount.split(".")
    cents = int(whole) * 100 + int(part)
    if cents <= 0:
        raise _BadRequest("amount must be more than 0.00.")
    currency = body.get("currency")
    if not isinstance(currency, str) or not CURRENCY_PATTERN.fullmatch(currency):
        raise _BadRequest("currency must be a three-letter code such as USD.")
    ids = {}
    for name in ("reference", "customer"):
        value = body.get(name)
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            raise _BadRequest(f"{name} must be 1 to 255 visible characters, without spaces.")
        ids[name] = value
    card = body.get("card")
    if not isinstance(card, dict):
        raise _BadRequest("card must be an object with name, number, expiry and cvv.")
    values = [card.get(name) for name in ("name", "number", "expiry", "cvv")]
    if any(value is not None and not isinstance(value, str) for value in values):
        raise _BadRequest("The card's name, number, expiry and cvv must be strings.")
    return Payment(key, cents, currency, ids["reference"], ids["customer"], parse_card(*values))

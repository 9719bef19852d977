"""The shop's side of the payment provider: over HTTP, or the sandbox in-process.

Both providers make the same calls with the same rules: a bounded number of
tries, each under the same Idempotency-Key, retried only when the answer is
unknown (a 5xx, a time-out, no connection), so a card is never charged twice.
One log line per try says the key, the answer and how long it took; the card
itself is never logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import requests

from .provider import (
    ChargeRequest,
    ChargeResult,
    Outcome,
    RefundOutcome,
    RefundRequest,
    RefundResult,
    amount_text,
)
from .refund_answers import refund_body, refund_lookup_result, refund_result
from .sandbox import Answer, Sandbox

log = logging.getLogger(__name__)

NO_ANSWER = "The payment service did not answer."
REFUSED = "The payment was refused. Please check the card details or use another card."
REFUSAL_TEXTS = {
    "card_declined": "The card was declined. Please use another card.",
    "invalid_card": "The card details were not accepted. Please check them and try again.",
    "idempotency_key_reused": "This payment did not match an earlier one. Please try again.",
}
MAX_CONNECT_SECONDS = 3.0

# A try's answer: an HTTP status and its JSON body (None when it had none).
Reply = tuple[int, Any]
Result = TypeVar("Result", ChargeResult, RefundResult)
GAVE_UP = ChargeResult(Outcome.UNKNOWN, error=NO_ANSWER)
REFUND_GAVE_UP = RefundResult(RefundOutcome.UNKNOWN, error=NO_ANSWER)


class NoAnswer(Exception):
    """A try ended without an answer we can trust (time-out, no connection, answer lost)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def charge_body(request: ChargeRequest) -> dict[str, Any]:
    """The JSON body of a charge, as the provider expects it."""
    card = request.card
    return {
        "amount": amount_text(request.amount_cents),
        "currency": request.currency,
        "reference": request.reference,
        "customer": request.customer,
        "card": {"name": card.name, "number": card.number, "expiry": card.expiry, "cvv": card.cvv},
    }


def charge_result(status: int, body: Any) -> ChargeResult:
    """What a charge's answer means for the shop."""
    payment_id = body.get("payment_id") if isinstance(body, dict) else None
    if status in (200, 409) and isinstance(payment_id, str) and payment_id:
        return ChargeResult(Outcome.PAID, payment_id=payment_id)
    if status == 400:
        return ChargeResult(Outcome.DECLINED, error=_refusal_text(body))
    return ChargeResult(Outcome.UNKNOWN, error=NO_ANSWER)


def lookup_result(status: int, body: Any) -> ChargeResult:
    """What a look-up's answer means for the shop."""
    if status == 404:
        return ChargeResult(Outcome.NOT_FOUND)
    if status == 200 and isinstance(body, dict):
        payment_id = body.get("payment_id")
        if body.get("status") == "succeeded" and isinstance(payment_id, str) and payment_id:
            return ChargeResult(Outcome.PAID, payment_id=payment_id)
        if body.get("status") == "declined":
            return ChargeResult(Outcome.DECLINED, error=_refusal_text(body))
    return ChargeResult(Outcome.UNKNOWN, error=NO_ANSWER)


def _refusal_text(body: Any) -> str:
    code = body.get("code") if isinstance(body, dict) else None
    return REFUSAL_TEXTS.get(code, REFUSED) if isinstance(code, str) else REFUSED


class _RetryingProvider:
    """The try-and-retry loop both providers share."""

    def __init__(self, retries: int, backoff: float) -> None:
        self.retries = max(0, int(retries))
        self.backoff = max(0.0, float(backoff))

    def _exchange(
        self,
        action: str,
        key: str,
        send: Callable[[], Reply],
        interpret: Callable[[int, Any], Result],
        gave_up: Result,
    ) -> Result:
        """Send up to ``retries + 1`` times until an answer we can act on arrives."""
        tries = self.retries + 1
        for number in range(1, tries + 1):
            started = time.perf_counter()
            try:
                status, body = send()
            except NoAnswer as missing:
                outcome: int | str = missing.reason
            else:
                outcome = status
                if status < 500:
                    _log_try(action, key, number, status, started, logging.INFO)
                    return interpret(status, body)
            _log_try(action, key, number, outcome, started, logging.WARNING)
            if number < tries and self.backoff:
                time.sleep(self.backoff * 2 ** (number - 1))
        log.warning("payment %s key=%s gave up after %d tries", action, key, tries)
        return gave_up


def _log_try(
    action: str, key: str, number: int, outcome: int | str, started: float, level: int
) -> None:
    elapsed_ms = (time.perf_counter() - started) * 1000
    fields = {"action": action, "key": key, "try": number, "status": outcome, "ms": elapsed_ms}
    log.log(
        level,
        "payment %s key=%s try=%d status=%s ms=%.0f",
        action,
        key,
        number,
        outcome,
        elapsed_ms,
        extra={"fields": fields},
    )


class HttpProvider(_RetryingProvider):
    """The payment provider over HTTP, at ``base_url`` (SPEC 6)."""

    def __init__(
        self,
        base_url: str,
        timeout: float = 5.0,
        retries: int = 2,
        backoff: float = 0.25,
        *,
        connect_timeout: float | None = None,
    ) -> None:
        super().__init__(retries, backoff)
        self.base_url = base_url.rstrip("/")
        read = float(timeout)
        connect = float(connect_timeout) if connect_timeout else min(read, MAX_CONNECT_SECONDS)
        self.timeout = (connect, read)

    def charge(self, request: ChargeRequest) -> ChargeResult:
        """Charge the card once under ``request.key``; retries reuse the key."""
        url = f"{self.base_url}/v1/payments"
        body = charge_body(request)
        headers = {"Idempotency-Key": request.key}
        return self._exchange(
            "charge",
            request.key,
            lambda: self._send("POST", url, json=body, headers=headers),
            charge_result,
            GAVE_UP,
        )

    def lookup(self, key: str) -> ChargeResult:
        """What became of the charge under ``key``: PAID, DECLINED, NOT_FOUND or UNKNOWN."""
        url = f"{self.base_url}/v1/payments/{quote(key, safe='')}"
        send = lambda: self._send("GET", url)  # noqa: E731
        return self._exchange("lookup", key, send, lookup_result, GAVE_UP)

    def refund(self, request: RefundRequest) -> RefundResult:
        """Give the money back once under ``request.key``; retries reuse the key."""
        url = f"{self.base_url}/v1/refunds"
        body, headers = refund_body(request), {"Idempotency-Key": request.key}
        send = lambda: self._send("POST", url, json=body, headers=headers)  # noqa: E731
        return self._exchange("refund", request.key, send, refund_result, REFUND_GAVE_UP)

    def lookup_refund(self, key: str) -> RefundResult:
        """What became of the refund under ``key``."""
        url = f"{self.base_url}/v1/refunds/{quote(key, safe='')}"
        send = lambda: self._send("GET", url)  # noqa: E731
        return self._exchange("refund-lookup", key, send, refund_lookup_result, REFUND_GAVE_UP)

    def _send(self, method: str, url: str, **options: Any) -> Reply:
        try:
            response = requests.request(method, url, timeout=self.timeout, **options)
        except requests.Timeout:
            raise NoAnswer("timeout") from None
        except requests.ConnectionError:
            raise NoAnswer("no-connection") from None
        except requests.RequestException as error:
            raise NoAnswer(type(error).__name__) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        return response.status_code, body


class InProcessProvider(_RetryingProvider):
    """The payment sandbox's own logic, called in this process, on the SQLite file at ``path``.

    It answers as the sandbox service would, with one difference: an answer the
    service would hold back (a stall, or the slow card ``4000000000000259``) is
    taken as lost, as if the shop's time-out had passed. The charge is made and
    the try counts as unanswered, so the shop's retry and look-up paths run
    without anyone waiting.
    """

    def __init__(self, path: str | Path, retries: int = 2, backoff: float = 0.0) -> None:
        super().__init__(retries, backoff)
        self.sandbox = Sandbox(path)

    def charge(self, request: ChargeRequest) -> ChargeResult:
        """Charge the card once under ``request.key``; retries reuse the key."""
        body = charge_body(request)
        return self._exchange(
            "charge",
            request.key,
            lambda: self._reply(self.sandbox.pay(request.key, body)),
            charge_result,
            GAVE_UP,
        )

    def lookup(self, key: str) -> ChargeResult:
        """What became of the charge under ``key``: PAID, DECLINED, NOT_FOUND or UNKNOWN."""
        send = lambda: self._reply(self.sandbox.find(key))  # noqa: E731
        return self._exchange("lookup", key, send, lookup_result, GAVE_UP)

    def refund(self, request: RefundRequest) -> RefundResult:
        """Give the money back once under ``request.key``; retries reuse the key."""
        body = refund_body(request)
        send = lambda: self._reply(self.sandbox.refund(request.key, body))  # noqa: E731
        return self._exchange("refund", request.key, send, refund_result, REFUND_GAVE_UP)

    def lookup_refund(self, key: str) -> RefundResult:
        """What became of the refund under ``key``."""
        send = lambda: self._reply(self.sandbox.find_refund(key))  # noqa: E731
        return self._exchange("refund-lookup", key, send, refund_lookup_result, REFUND_GAVE_UP)

    @staticmethod
    def _reply(answer: Answer) -> Reply:
        if answer.hold_seconds > 0:
            raise NoAnswer("answer-lost")
        return answer.status, answer.body


def wait_until_answering(url: str, seconds: float) -> bool:
    """Whether the provider at ``url`` answers HTTP (any status) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(url.rstrip("/") + "/health", timeout=2)
            return True
        except requests.RequestException:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.5)

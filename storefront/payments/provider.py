"""What the shop asks of a payment provider, and what it hears back.

The shop depends only on this interface; the HTTP client and the in-process
sandbox both provide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from ..money import amount_text as amount_text  # how the provider reads an amount
from .cards import Card


class Outcome(StrEnum):
    PAID = "paid"  # money taken (200, or 409: this key was charged before)
    DECLINED = "declined"  # definitely no money under this key (400)
    NOT_FOUND = "not_found"  # look-up only: the provider never charged this key (404)
    UNKNOWN = "unknown"  # no answer we can trust (500s, time-outs, no connection)


@dataclass(frozen=True)
class ChargeResult:
    outcome: Outcome
    payment_id: str | None = None
    error: str | None = None  # why, in words fit for the customer, when not PAID


@dataclass(frozen=True)
class ChargeRequest:
    key: str  # the idempotency key: "<order id>-<attempt number>"
    amount_cents: int
    currency: str
    reference: str  # the order id
    customer: str  # the user id
    card: Card


class RefundOutcome(StrEnum):
    REFUNDED = "refunded"  # money given back (200, or 409: this key was refunded before)
    REFUSED = "refused"  # definitely nothing given back under this key (400)
    NOT_FOUND = "not_found"  # look-up only: the provider never saw this key (404)
    UNKNOWN = "unknown"  # no answer we can trust (500s, time-outs, no connection)


@dataclass(frozen=True)
class RefundRequest:
    key: str  # the idempotency key: "<order id>-r<refund number>"
    payment_id: str  # the charge the money goes back from
    amount_cents: int


@dataclass(frozen=True)
class RefundResult:
    outcome: RefundOutcome
    refund_id: str | None = None
    error: str | None = None  # why, in words fit for the admin, when not REFUNDED


class PaymentProvider(Protocol):
    def charge(self, request: ChargeRequest) -> ChargeResult:
        """Charge the card once under ``request.key``; retries reuse the key."""
        ...

    def lookup(self, key: str) -> ChargeResult:
        """What became of the charge under ``key``: PAID, DECLINED, NOT_FOUND or UNKNOWN."""
        ...

    def refund(self, request: RefundRequest) -> RefundResult:
        """Give ``request.amount_cents`` back once under ``request.key``; retries reuse it."""
        ...

    def lookup_refund(self, key: str) -> RefundResult:
        """What became of the refund under ``key``: REFUNDED, REFUSED, NOT_FOUND or UNKNOWN."""
        ...

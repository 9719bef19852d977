"""Paying for orders: at most one charge per order, however often pay is pressed.

The idempotency key comes from the order: ``<order id>-<attempt number>``. An
attempt is recorded (and claimed) before the provider is called, in a transaction
of its own or in the one that placed the order; the call happens outside any
transaction; its outcome is recorded after. A retry of an attempt whose outcome is
unknown reuses its key; a new attempt starts only after the previous one was
definitely declined. Plain values (ids, key, amount) cross the commits, never ORM
objects. Rows are always locked order first, then attempt.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection

from ..database import write_transaction
from ..extensions import db, payment_gateway
from ..models import Order, PaymentAttempt
from ..models.base import utcnow
from ..models.orders import (
    CANCELLED,
    IN_FLIGHT,
    PAID,
    PENDING_PAYMENT,
    UNKNOWN,
)
from ..payments.cards import Card
from ..payments.provider import ChargeRequest, ChargeResult, Outcome, PaymentProvider
from . import payment_rows as rows
from .errors import Conflict, NotFound
from .order_summary import OrderSummary, read_summary

log = logging.getLogger(__name__)

ORDERS = Order.__table__
ATTEMPTS = PaymentAttempt.__table__


class OrderNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such order.")


class OrderNotPayable(Conflict):
    """The order is cancelled: it cannot be paid any more."""

    def __init__(self, number: str) -> None:
        super().__init__(f"Order {number} was cancelled and can no longer be paid.")


class PaymentInProgress(Conflict):
    """Another request is paying for this order right now."""

    def __init__(self) -> None:
        super().__init__(
            "A payment for this order is already in progress. "
            "Please look at the order again in a moment."
        )


@dataclass(frozen=True)
class Claim:
    """An attempt recorded and claimed: what the call to the provider needs."""

    order_id: uuid.UUID
    user_id: uuid.UUID
    attempt_id: int
    key: str
    amount_cents: int
    currency: str


@dataclass(frozen=True)
class PaymentOutcome:
    """What paying did: the order as it now stands, and the provider's verdict."""

    order: OrderSummary
    outcome: Outcome
    message: str | None = None

    @property
    def paid(self) -> bool:
        return self.outcome is Outcome.PAID


def claim_new(connection: Connection, order: OrderSummary, card: Card) -> Claim:
    """Attempt 1 of an order placed in this same transaction: nobody else can see it yet."""
    return _insert_attempt(connection, order, 1, card)


def _insert_attempt(connection: Connection, order: OrderSummary, number: int, card: Card) -> Claim:
    key = f"{order.id}-{number}"
    now = utcnow()
    attempt_id = connection.execute(
        rows.NEW_ATTEMPT,
        {
            "order_id": order.id,
            "number": number,
            "idempotency_key": key,
            "status": IN_FLIGHT,
            "amount_cents": order.total_cents,
            "card_last4": card.last4,
            "card_brand": card.brand,
            "created_at": now,
            "claimed_at": now,
        },
    ).scalar_one()
    return Claim(order.id, order.user_id, attempt_id, key, order.total_cents, order.currency)


def claim(order_id: uuid.UUID, user_id: uuid.UUID, card: Card) -> tuple[OrderSummary, Claim | None]:
    """Record the attempt that is about to be made, or find the order already paid."""
    with write_transaction() as session:
        connection = session.connection()
        locked = connection.execute(rows.LOCK_ORDER, {"order_id": order_id}).first()
        if locked is None or locked.user_id != user_id:
            raise OrderNotFound()
        if locked.status == CANCELLED:
            raise OrderNotPayable(locked.number)
        order = read_summary(connection, order_id=order_id)
        assert order is not None  # locked above
        if order.status == PAID:
            return order, None
        latest = connection.execute(rows.LATEST_ATTEMPT, {"order_id": order_id}).first()
        now = utcnow()
        in_flight = latest is not None and latest.status == IN_FLIGHT
        if in_flight and now - latest.claimed_at < rows.in_flight_limit():  # type: ignore[union-attr]
            raise PaymentInProgress()
        connection.execute(rows.ORDER_CARD, {"order_id": order_id, "card_last4": card.last4})
        order = order.with_values(card_last4=card.last4)
        if latest is not None and latest.status in (IN_FLIGHT, UNKNOWN):
            # Same key: if the first call went through, this one says so.
            connection.execute(
                rows.RECLAIM,
                {
                    "attempt_id": latest.id,
                    "status": IN_FLIGHT,
                    "claimed_at": now,
                    "card_last4": card.last4,
                    "card_brand": card.brand,
                },
            )
            key, amount = latest.idempotency_key, latest.amount_cents
            return order, Claim(order_id, user_id, latest.id, key, amount, order.currency)
        number = latest.number + 1 if latest is not None else 1
        return order, _insert_attempt(connection, order, number, card)


def current_summary(order_id: uuid.UUID, user_id: uuid.UUID) -> OrderSummary:
    """The user's order as it stands now."""
    order = read_summary(db.session.connection(), order_id=order_id)
    if order is None or order.user_id != user_id:
        raise OrderNotFound()
    return order


def charge(claim: Claim, card: Card, provider: PaymentProvider | None = None) -> ChargeResult:
    """Ask the provider for the claimed attempt's money (no transaction open), then record it."""
    request = ChargeRequest(
        key=claim.key,
        amount_cents=claim.amount_cents,
        currency=claim.currency,
        reference=str(claim.order_id),
        customer=str(claim.user_id),
        card=card,
    )
    try:
        result = (provider or payment_gateway.provider).charge(request)
    except Exception:  # whatever broke, the outcome is unknown: keep the key for a retry
        log.exception("payment call failed order=%s", claim.order_id)
        result = ChargeResult(Outcome.UNKNOWN, error="The payment service did not answer.")
    with write_transaction() as session:
        rows.record(session.connection(), claim.order_id, claim.attempt_id, result)
    return result


def paid_summary(order: OrderSummary, result: ChargeResult) -> OrderSummary:
    """The order as recording ``result`` left it (without reading it again)."""
    if result.outcome is Outcome.PAID and order.status == PENDING_PAYMENT:
        return order.with_values(status=PAID, payment_id=result.payment_id, paid_at=utcnow())
    return order


def pay(
    order_id: uuid.UUID, user_id: uuid.UUID, card: Card, provider: PaymentProvider | None = None
) -> PaymentOutcome:
    """Charge the card for a pending order (at most once, whatever happens)."""
    order, claimed = claim(order_id, user_id, card)
    if claimed is None:
        return PaymentOutcome(order, Outcome.PAID)
    result = charge(claimed, card, provider)
    return PaymentOutcome(paid_summary(order, result), result.outcome, result.error)

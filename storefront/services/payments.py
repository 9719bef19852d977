"""Paying for orders: at most one charge per order, however often pay is pressed.

The idempotency key comes from the order: ``<order id>-<attempt number>``. An
attempt is recorded (and claimed) before the provider is called, in its own
transaction; the call happens outside any transaction; its outcome is recorded
after. A retry of an attempt whose outcome is unknown reuses its key; a new
attempt starts only after the previous one was definitely declined.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..database import write_transaction
from ..extensions import db
from ..models import Order, PaymentAttempt, Product
from ..models.base import utcnow
from ..models.orders import (
    ATTEMPT_PAID,
    CANCELLED,
    DECLINED,
    IN_FLIGHT,
    NOT_CHARGED,
    PAID,
    PENDING_PAYMENT,
    UNKNOWN,
)
from ..payments.cards import Card
from ..payments.provider import ChargeRequest, ChargeResult, Outcome, PaymentProvider
from .errors import Conflict, NotFound

log = logging.getLogger(__name__)


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
class PaymentOutcome:
    """What paying did: the order as it now stands, and the provider's verdict."""

    order: Order
    outcome: Outcome
    message: str | None = None

    @property
    def paid(self) -> bool:
        return self.outcome is Outcome.PAID


def in_flight_limit() -> timedelta:
    """How long a claimed attempt may stay in flight before it counts as abandoned."""
    return timedelta(seconds=float(current_app.config["PAYMENT_IN_FLIGHT_SECONDS"]))


def _locked_order(session: Session, order_id: uuid.UUID) -> Order | None:
    return session.scalar(
        select(Order)
        .where(Order.id == order_id)
        .with_for_update(of=Order)
        .execution_options(populate_existing=True)
    )


def _claim(
    order_id: uuid.UUID, user_id: uuid.UUID, card: Card
) -> tuple[Order, PaymentAttempt | None]:
    """Record the attempt that is about to be made, or find the order already paid."""
    with write_transaction() as session:
        order = _locked_order(session, order_id)
        if order is None or order.user_id != user_id:
            raise OrderNotFound()
        if order.status == PAID:
            return order, None
        if order.status == CANCELLED:
            raise OrderNotPayable(order.number)
        latest = order.attempts[-1] if order.attempts else None
        now = utcnow()
        if latest is not None and latest.status == IN_FLIGHT:
            if now - latest.claimed_at < in_flight_limit():
                raise PaymentInProgress()
            latest.status = UNKNOWN  # its caller gave up long ago
        if latest is not None and latest.status == UNKNOWN:
            attempt = latest  # same key: if the first call went through, this one says so
        else:
            number = latest.number + 1 if latest is not None else 1
            attempt = PaymentAttempt(
                number=number,
                idempotency_key=f"{order.id}-{number}",
                amount_cents=order.total_cents,
                card_last4=card.last4,
                card_brand=card.brand,
            )
            order.attempts.append(attempt)
        attempt.status = IN_FLIGHT
        attempt.claimed_at = now
        attempt.card_last4 = card.last4
        attempt.card_brand = card.brand
        order.card_last4 = card.last4
        session.flush()
    return order, attempt


def _record(order_id: uuid.UUID, attempt_id: int, result: ChargeResult) -> Order:
    """Write down what the provider said about one attempt."""
    with write_transaction() as session:
        order = _locked_order(session, order_id)
        attempt = session.get(PaymentAttempt, attempt_id, populate_existing=True)
        assert order is not None
        assert attempt is not None
        _apply(order, attempt, result)
    return order


def _apply(order: Order, attempt: PaymentAttempt, result: ChargeResult) -> None:
    if result.outcome is Outcome.PAID:
        attempt.status = ATTEMPT_PAID
        attempt.payment_id = result.payment_id
        attempt.error = None
        if order.status == CANCELLED:
            # Cannot happen while cancelling waits for open attempts; if it ever
            # does, the stock has gone back on sale, so the money must go back too.
            log.error("payment for a cancelled order: refund it order=%s", order.id)
        elif order.status != PAID:
            order.status = PAID
            order.payment_id = result.payment_id
            order.paid_at = utcnow()
    elif result.outcome is Outcome.DECLINED:
        attempt.status = DECLINED
        attempt.error = result.error
    elif result.outcome is Outcome.NOT_FOUND:
        attempt.status = NOT_CHARGED
        attempt.error = result.error
    else:
        attempt.status = UNKNOWN
        attempt.error = result.error
    log.info(
        "payment outcome order=%s attempt=%s outcome=%s payment=%s",
        order.id,
        attempt.number,
        result.outcome.value,
        result.payment_id or "-",
    )


def pay(
    order_id: uuid.UUID, user_id: uuid.UUID, card: Card, provider: PaymentProvider
) -> PaymentOutcome:
    """Charge the card for a pending order (at most once, whatever happens)."""
    order, attempt = _claim(order_id, user_id, card)
    if attempt is None:
        return PaymentOutcome(order, Outcome.PAID)
    request = ChargeRequest(
        key=attempt.idempotency_key,
        amount_cents=attempt.amount_cents,
        currency=order.currency,
        reference=str(order.id),
        customer=str(user_id),
        card=card,
    )
    attempt_id = attempt.id
    try:
        result = provider.charge(request)
    except Exception:  # whatever broke, the outcome is unknown: keep the key for a retry
        log.exception("payment call failed order=%s", order_id)
        result = ChargeResult(Outcome.UNKNOWN, error="The payment service did not answer.")
    order = _record(order_id, attempt_id, result)
    return PaymentOutcome(order, result.outcome, result.error)


def settle(order_id: uuid.UUID, provider: PaymentProvider) -> Order | None:
    """Ask the provider about an attempt whose outcome we never learned."""
    order = db.session.get(Order, order_id)
    if order is None or not order.attempts:
        return order
    attempt = order.attempts[-1]
    stale = utcnow() - attempt.claimed_at >= in_flight_limit()
    if attempt.status not in (UNKNOWN, IN_FLIGHT) or (attempt.status == IN_FLIGHT and not stale):
        return order
    key, attempt_id, status = attempt.idempotency_key, attempt.id, attempt.status
    db.session.rollback()  # hold no transaction across the call
    result = provider.lookup(key)
    if result.outcome is Outcome.UNKNOWN:
        return None  # cannot tell yet: leave it for the next run
    with write_transaction() as session:
        order = _locked_order(session, order_id)
        attempt = session.get(PaymentAttempt, attempt_id, populate_existing=True)
        assert order is not None
        assert attempt is not None
        if attempt.status == status:  # nobody settled it meanwhile
            _apply(order, attempt, result)
    return order


def expire_unpaid(provider: PaymentProvider, now: datetime | None = None) -> dict[str, int]:
    """Cancel orders unpaid for ORDER_PAYMENT_TTL_MINUTES and return their stock.

    Attempts of unknown outcome are settled first, so an order whose money
    arrived is marked paid, never cancelled. Safe to run concurrently.
    """
    ttl = timedelta(minutes=float(current_app.config["ORDER_PAYMENT_TTL_MINUTES"]))
    cutoff = (now or utcnow()) - ttl
    due = list(
        db.session.scalars(
            select(Order.id).where(Order.status == PENDING_PAYMENT, Order.created_at <= cutoff)
        )
    )
    counts = {"cancelled": 0, "paid": 0, "left": 0}
    for order_id in due:
        db.session.rollback()
        settled = settle(order_id, provider)
        if settled is None:
            counts["left"] += 1
            continue
        if settled.status == PAID:
            counts["paid"] += 1
            continue
        if _cancel(order_id):
            counts["cancelled"] += 1
        else:
            counts["left"] += 1
    return counts


def _cancel(order_id: uuid.UUID) -> bool:
    """Cancel a still-pending order with nothing in flight, returning its stock once."""
    with write_transaction() as session:
        order = _locked_order(session, order_id)
        if order is None or order.status != PENDING_PAYMENT:
            return False
        if any(attempt.status in (IN_FLIGHT, UNKNOWN) for attempt in order.attempts):
            return False  # its outcome is still open: never cancel money that may have arrived
        cancelled = session.execute(
            update(Order)
            .where(Order.id == order_id, Order.status == PENDING_PAYMENT)
            .values(status=CANCELLED, cancelled_at=utcnow())
        ).rowcount
        if cancelled != 1:
            return False
        for line in sorted(order.lines, key=lambda line: line.product_id):
            session.execute(
                update(Product)
                .where(Product.id == line.product_id)
                .values(stock=Product.stock + line.quantity)
            )
    log.info("order cancelled unpaid order=%s", order_id)
    return True

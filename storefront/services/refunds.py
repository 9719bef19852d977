"""Giving money back through the provider: never more than was paid, never twice (SPEC 8).

As with charges: a refund is recorded (and claimed, key ``<order id>-r<n>``) in a write
transaction under the order's lock, the provider is called outside any transaction, and
its answer is recorded after. A refund whose outcome was never learned (the provider down,
a 500, a time-out) stays pending: ``settle_pending`` (``flask orders settle-refunds``, and
the periodic worker) asks the provider about it with ``GET /v1/refunds/<key>`` and sends it
again under the same key only when the provider never saw it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row

from ..database import write_transaction
from ..extensions import db, payment_gateway
from ..models.base import utcnow
from ..models.refunds import REFUND_IN_FLIGHT, REFUND_REFUSED, REFUND_SUCCEEDED, REFUND_UNKNOWN
from ..money import paid_share
from ..payments.provider import PaymentProvider, RefundOutcome, RefundRequest, RefundResult
from ..rules import REASON_MAX_LENGTH
from . import order_events, order_states
from . import refund_rows as rows
from .errors import Conflict, InvalidInput
from .order_events import Actor
from .order_rows import RESTOCK, lock_order
from .payment_rows import in_flight_limit
from .refund_rows import RefundClaim

log = logging.getLogger(__name__)


class NothingToRefund(Conflict):
    def __init__(self, number: str) -> None:
        super().__init__(f"Everything paid for order {number} was already refunded.")


@dataclass(frozen=True)
class RefundReport:
    """What asking for a refund did: its amount and status (succeeded, refused, pending)."""

    order_number: str
    amount_cents: int
    status: str
    error: str | None = None

    @property
    def pending(self) -> bool:
        return self.status in (REFUND_IN_FLIGHT, REFUND_UNKNOWN)

    @property
    def succeeded(self) -> bool:
        return self.status == REFUND_SUCCEEDED


def refund(
    order_id: uuid.UUID,
    actor: Actor,
    quantities: Mapping[int, int] | None = None,
    *,
    returned: bool = False,
    reason: str = "",
) -> RefundReport:
    """Refund a shipped or delivered order: these lines' quantities, or all that is left.

    ``quantities`` maps order line ids to units; ``returned`` says the goods came back, and
    puts them back in stock (each unit once).
    """
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput({"reason": f"Reason must be at most {REASON_MAX_LENGTH} characters."})
    with write_transaction() as session:
        connection = session.connection()
        order = lock_order(connection, order_id, actor)
        order_states.check(order_states.REFUND, order.number, order.status)
        lines = connection.execute(rows.ORDER_LINES, {"order_id": order_id}).all()
        wanted = _wanted(lines, quantities)
        claim = _claim(connection, order, actor, lines, wanted, returned, reason)
    return send(claim)


def claim_everything(
    connection: Connection, order: Row[Any], actor: Actor, reason: str
) -> RefundClaim | None:
    """Claim a refund of all that is left of a locked order (cancelling it); None if nothing is."""
    lines = connection.execute(rows.ORDER_LINES, {"order_id": order.id}).all()
    wanted = {line.id: line.quantity - line.refunded_quantity for line in lines}
    try:
        return _claim(connection, order, actor, lines, wanted, False, reason)
    except NothingToRefund:
        return None


def _wanted(lines: list[Row[Any]], quantities: Mapping[int, int] | None) -> dict[int, int]:
    """The units to refund per line, checked against what is left of each."""
    if quantities is None:
        return {line.id: line.quantity - line.refunded_quantity for line in lines}
    known = {line.id: line for line in lines}
    problems = {}
    for line_id, quantity in quantities.items():
        line = known.get(line_id)
        if line is None:
            problems[f"lines.{line_id}"] = "This order has no such line."
        elif not 0 <= quantity <= line.quantity - line.refunded_quantity:
            left = line.quantity - line.refunded_quantity
            problems[f"lines.{line_id}"] = f"{line.name}: refund from 0 to {left} units."
    if problems:
        raise InvalidInput(problems, "Some quantities cannot be refunded.")
    if not any(quantities.values()):
        raise InvalidInput({"lines": "Choose at least one unit to refund."})
    return dict(quantities)


def _paid_for(line: Row[Any], quantity: int) -> int:
    """What ``quantity`` units of the line were paid: their share after its discount."""
    return paid_share(line.line_total_cents - line.discount_cents, line.quantity, quantity)


def _claim(
    connection: Connection,
    order: Row[Any],
    actor: Actor,
    lines: list[Row[Any]],
    wanted: Mapping[int, int],
    returned: bool,
    reason: str,
) -> RefundClaim:
    params = {"order_id": order.id}
    left = order.total_cents - connection.execute(rows.COMMITTED, params).scalar_one()
    by_id = {line.id: line for line in lines}
    everything = all(
        line.refunded_quantity + wanted.get(line.id, 0) >= line.quantity for line in lines
    )
    # The last units take whatever is left (shipping, rounding); never more than was paid.
    amount = left if everything else sum(_paid_for(by_id[i], q) for i, q in wanted.items())
    amount = min(amount, left)
    if amount <= 0 or not order.payment_id:
        raise NothingToRefund(order.number)
    number = connection.execute(rows.LAST_NUMBER, params).scalar_one() + 1
    values = rows.new_refund_values(
        number, order.id, order.payment_id, amount, reason=reason or None, requested_by=actor.id
    )
    refund_id = connection.execute(rows.NEW_REFUND, values).scalar_one()
    back = 0
    for line_id, quantity in sorted(wanted.items(), key=lambda item: by_id[item[0]].product_id):
        if not quantity:
            continue
        line = by_id[line_id]
        restocked = min(quantity, line.quantity - line.returned_quantity) if returned else 0
        connection.execute(
            rows.NEW_REFUND_LINE,
            {
                "refund_id": refund_id,
                "order_line_id": line_id,
                "quantity": quantity,
                "amount_cents": _paid_for(line, quantity),
                "returned": restocked,
            },
        )
        connection.execute(
            rows.LINE_REFUNDED, {"line_id": line_id, "refunded": quantity, "returned": restocked}
        )
        if restocked:
            connection.execute(RESTOCK, {"product_id": line.product_id, "quantity": restocked})
            back += restocked
    order_events.record(
        connection, order.id, "refund_requested", actor, amount_cents=amount, note=reason or None
    )
    if back:
        order_events.record(connection, order.id, "returned", actor, note=f"{back} units")
    key = str(values["idempotency_key"])
    return RefundClaim(refund_id, order.id, order.number, key, order.payment_id, amount)


def send(claim: RefundClaim, provider: PaymentProvider | None = None) -> RefundReport:
    """Ask the provider for the claimed refund (no transaction open), then record its answer."""
    request = RefundRequest(claim.key, claim.payment_id, claim.amount_cents)
    try:
        result = (provider or payment_gateway.provider).refund(request)
    except Exception:  # whatever broke, the outcome is unknown: keep the key for a retry
        log.exception("refund call failed order=%s", claim.order_id)
        result = RefundResult(RefundOutcome.UNKNOWN, error="The payment service did not answer.")
    return _record(claim, result)


def _record(claim: RefundClaim, result: RefundResult) -> RefundReport:
    with write_transaction() as session:
        status = rows.record(session.connection(), claim, result)
    if status is None:  # someone settled it first: say what they found
        status = REFUND_SUCCEEDED if result.outcome is RefundOutcome.REFUNDED else REFUND_UNKNOWN
    return RefundReport(claim.order_number, claim.amount_cents, status, result.error)


def settle_pending(provider: PaymentProvider | None = None) -> dict[str, int]:
    """Settle every refund whose outcome is open: look it up, send it again if never seen.

    Safe to run at any time and concurrently: an outcome is written once, and a resend
    reuses the refund's key, so the provider gives the money back at most once.
    """
    provider = provider or payment_gateway.provider
    counts = {REFUND_SUCCEEDED: 0, REFUND_REFUSED: 0, "left": 0}
    found = db.session.connection().execute(rows.OPEN_REFUNDS).all()
    db.session.rollback()  # hold no transaction across the calls
    cutoff = utcnow() - in_flight_limit()
    for refund in found:
        if refund.status == REFUND_IN_FLIGHT and refund.claimed_at > cutoff:
            counts["left"] += 1  # someone is asking the provider right now
            continue
        status = _settle_one(refund, provider)
        counts[status if status in counts else "left"] += 1
    return counts


def _settle_one(refund: Row[Any], provider: PaymentProvider) -> str | None:
    number = str(
        db.session.connection()
        .execute(rows.ORDER_NUMBER, {"order_id": refund.order_id})
        .scalar_one()
    )
    db.session.rollback()
    claim = RefundClaim(
        refund.id,
        refund.order_id,
        number,
        refund.idempotency_key,
        refund.payment_id,
        refund.amount_cents,
    )
    result = provider.lookup_refund(refund.idempotency_key)
    if result.outcome is RefundOutcome.UNKNOWN:
        return None
    if result.outcome is not RefundOutcome.NOT_FOUND:
        return _record(claim, result).status
    # The provider never saw it: send it again, under the same key, if nobody else is.
    with write_transaction() as session:
        reclaimed = (
            session.connection()
            .execute(
                rows.RECLAIM,
                {
                    "refund_id": refund.id,
                    "was_status": refund.status,
                    "was_claimed_at": refund.claimed_at,
                    "status": REFUND_IN_FLIGHT,
                    "claimed_at": utcnow(),
                },
            )
            .rowcount
        )
    if not reclaimed:
        return None
    return send(claim, provider).status

"""A voucher's uses: claimed inside the order's transaction, given back by a cancelled order.

The limit rule (SPEC 9): checkout locks the voucher's row (after the products, so every
placing locks in one order), checks the voucher again against the order's lines, and
raises its count with ``UPDATE ... WHERE used < usage_limit``; a limit of N is never used
N + 1 times. Cancelling an unpaid order releases its use once, under the same lock.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, insert, or_, select, update

from ..models.base import utcnow
from . import discounts
from .discounts import REDEMPTIONS, USED_UP, VOUCHERS, Discount, VoucherRefused

log = logging.getLogger(__name__)

_USE = (
    update(VOUCHERS)
    .where(
        VOUCHERS.c.id == bindparam("voucher_id"),
        or_(VOUCHERS.c.usage_limit.is_(None), VOUCHERS.c.used < VOUCHERS.c.usage_limit),
    )
    .values(used=VOUCHERS.c.used + 1)
)
_GIVE_BACK = (
    update(VOUCHERS)
    .where(VOUCHERS.c.id == bindparam("voucher_id"), VOUCHERS.c.used > 0)
    .values(used=VOUCHERS.c.used - 1)
)
_RECORD = insert(REDEMPTIONS)
_HELD = select(REDEMPTIONS.c.id, REDEMPTIONS.c.voucher_id).where(
    REDEMPTIONS.c.order_id == bindparam("order_id"), REDEMPTIONS.c.released_at.is_(None)
)
_RELEASE = (
    update(REDEMPTIONS)
    .where(REDEMPTIONS.c.id == bindparam("redemption_id"), REDEMPTIONS.c.released_at.is_(None))
    .values(released_at=bindparam("now"))
)


def claim(
    connection: Connection,
    user_id: uuid.UUID,
    lines: Iterable[tuple[uuid.UUID, int, int]],
    *,
    code: str | None = None,
    voucher_id: int | None = None,
) -> Discount:
    """Inside the order's transaction: the voucher's discount on these lines, its use taken.

    ``lines`` are (product, unit price, quantity). Raises VoucherRefused, and then the
    caller's transaction must roll back.
    """
    rules = discounts.read_rules(connection, code=code, voucher_id=voucher_id, lock=True)
    if rules is None:
        raise discounts.unknown(code or "")
    priced = discounts.priced_lines(connection, lines)
    used = discounts.used_by(connection, rules.id, user_id)
    discount = discounts.evaluate(rules, user_id, priced, used_by_customer=used)
    if connection.execute(_USE, {"voucher_id": rules.id}).rowcount != 1:
        raise VoucherRefused(USED_UP, "This voucher has been used up.")
    return discount


def record(
    connection: Connection, discount: Discount, order_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    """Write the use ``claim`` took, once the order's row is written."""
    connection.execute(
        _RECORD,
        {
            "voucher_id": discount.voucher_id,
            "order_id": order_id,
            "user_id": user_id,
            "discount_cents": discount.total_cents,
            "created_at": utcnow(),
        },
    )


def release(connection: Connection, order_id: uuid.UUID) -> bool:
    """Inside the transaction that cancels the order: give its voucher's use back, once."""
    held = connection.execute(_HELD, {"order_id": order_id}).first()
    if held is None:
        return False
    connection.execute(_GIVE_BACK, {"voucher_id": held.voucher_id})
    connection.execute(_RELEASE, {"redemption_id": held.id, "now": utcnow()})
    log.info("voucher use given back voucher=%s order=%s", held.voucher_id, order_id)
    return True

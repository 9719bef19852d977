"""What a voucher takes off: its rules read once, checked against lines, as plain values.

Every face asks the same ``evaluate``: the cart page and the API's cart (to show the
discount), applying a code to a cart, and checkout, which asks again inside the order's
transaction with the voucher's row locked (see ``voucher_uses``). The arithmetic is
``money.percent_of`` and ``money.share_out``: one rounding rule, in whole cents.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select

from ..models import Product, Voucher, VoucherCustomer, VoucherRedemption, VoucherTarget
from ..models.base import utcnow
from ..models.vouchers import PERCENT
from ..money import percent_of, share_out
from .errors import InvalidInput
from .shop_money import money_text

VOUCHERS = Voucher.__table__
TARGETS = VoucherTarget.__table__
CUSTOMERS = VoucherCustomer.__table__
REDEMPTIONS = VoucherRedemption.__table__
PRODUCTS = Product.__table__

# Why a code does not apply: a reason a client can act on, and the words for people.
UNKNOWN = "unknown"
EXPIRED = "expired"
NOT_STARTED = "not_started"
NOT_YOURS = "not_yours"
MINIMUM_SPEND = "minimum_spend"
USED_UP = "used_up"
NOTHING_APPLIES = "nothing_applies"


class VoucherRefused(InvalidInput):
    """The code does not apply to these lines for this customer now; ``reason`` says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__({"voucher": message}, message)
        self.reason = reason


@dataclass(frozen=True)
class VoucherRules:
    """One voucher as checkout reads it."""

    id: int
    code: str
    kind: str
    value: int
    minimum_spend_cents: int
    starts_at: datetime | None
    ends_at: datetime | None
    usage_limit: int | None
    per_customer_limit: int | None
    used: int
    products: frozenset[uuid.UUID] = frozenset()
    brands: frozenset[int] = frozenset()
    categories: frozenset[int] = frozenset()
    customers: frozenset[uuid.UUID] = frozenset()

    @property
    def whole_order(self) -> bool:
        return not (self.products or self.brands or self.categories)


@dataclass(frozen=True)
class PricedLine:
    """A line as a voucher sees it."""

    product_id: uuid.UUID
    unit_price_cents: int
    quantity: int
    brand_id: int | None = None
    category_id: int | None = None

    @property
    def total_cents(self) -> int:
        return self.unit_price_cents * self.quantity


@dataclass(frozen=True)
class Discount:
    """What a voucher takes off: per product, and in all."""

    voucher_id: int | None = None
    code: str | None = None
    per_line: dict[uuid.UUID, int] = field(default_factory=dict)

    @property
    def total_cents(self) -> int:
        return sum(self.per_line.values())

    def of(self, product_id: uuid.UUID) -> int:
        """The discount on this product's line (0 if none)."""
        return self.per_line.get(product_id, 0)


NO_DISCOUNT = Discount()


def code_key(code: str) -> str:
    """The form a code is found by: trimmed, in capitals."""
    return code.strip().upper()


_VOUCHER = select(VOUCHERS).where(VOUCHERS.c.code_key == bindparam("key"))
_VOUCHER_BY_ID = select(VOUCHERS).where(VOUCHERS.c.id == bindparam("voucher_id"))
_TARGETS = select(TARGETS.c.product_id, TARGETS.c.brand_id, TARGETS.c.category_id).where(
    TARGETS.c.voucher_id == bindparam("voucher_id")
)
_CUSTOMERS = select(CUSTOMERS.c.user_id).where(CUSTOMERS.c.voucher_id == bindparam("voucher_id"))
_USED_BY = select(func.count()).where(
    REDEMPTIONS.c.voucher_id == bindparam("voucher_id"),
    REDEMPTIONS.c.user_id == bindparam("user_id"),
    REDEMPTIONS.c.released_at.is_(None),
)
_FACTS = select(PRODUCTS.c.id, PRODUCTS.c.brand_id, PRODUCTS.c.category_id).where(
    PRODUCTS.c.id.in_(bindparam("ids", expanding=True))
)


def read_rules(
    connection: Connection,
    *,
    code: str | None = None,
    voucher_id: int | None = None,
    lock: bool = False,
) -> VoucherRules | None:
    """The voucher with this code (any case) or id, or None; ``lock`` holds its row."""
    if voucher_id is not None:
        statement, params = _VOUCHER_BY_ID, {"voucher_id": voucher_id}
    else:
        statement, params = _VOUCHER, {"key": code_key(code or "")}
    if lock:
        statement = statement.with_for_update()
    row = connection.execute(statement, params).mappings().first()
    if row is None:
        return None
    targets = connection.execute(_TARGETS, {"voucher_id": row["id"]}).all()
    customers = connection.execute(_CUSTOMERS, {"voucher_id": row["id"]}).scalars()
    return VoucherRules(
        id=row["id"],
        code=row["code"],
        kind=row["kind"],
        value=row["value"],
        minimum_spend_cents=row["minimum_spend_cents"],
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        usage_limit=row["usage_limit"],
        per_customer_limit=row["per_customer_limit"],
        used=row["used"],
        products=frozenset(t.product_id for t in targets if t.product_id is not None),
        brands=frozenset(t.brand_id for t in targets if t.brand_id is not None),
        categories=frozenset(t.category_id for t in targets if t.category_id is not None),
        customers=frozenset(customers),
    )


def rules_of(voucher: Voucher) -> VoucherRules:
    """A voucher already loaded (with its targets and customers), as rules."""
    targets = voucher.targets
    return VoucherRules(
        id=voucher.id,
        code=voucher.code,
        kind=voucher.kind,
        value=voucher.value,
        minimum_spend_cents=voucher.minimum_spend_cents,
        starts_at=voucher.starts_at,
        ends_at=voucher.ends_at,
        usage_limit=voucher.usage_limit,
        per_customer_limit=voucher.per_customer_limit,
        used=voucher.used,
        products=frozenset(t.product_id for t in targets if t.product_id is not None),
        brands=frozenset(t.brand_id for t in targets if t.brand_id is not None),
        categories=frozenset(t.category_id for t in targets if t.category_id is not None),
        customers=frozenset(c.user_id for c in voucher.customers),
    )


def used_by(connection: Connection, voucher_id: int, user_id: uuid.UUID | None) -> int:
    """How many orders of this customer (not cancelled) used the voucher."""
    if user_id is None:
        return 0
    return int(
        connection.execute(_USED_BY, {"voucher_id": voucher_id, "user_id": user_id}).scalar_one()
    )


def priced_lines(
    connection: Connection, lines: Iterable[tuple[uuid.UUID, int, int]]
) -> list[PricedLine]:
    """(product, unit price, quantity) lines with each product's brand and category."""
    lines = list(lines)
    ids = [product_id for product_id, _, _ in lines]
    facts = {row.id: row for row in connection.execute(_FACTS, {"ids": ids})} if ids else {}
    return [
        PricedLine(
            product_id,
            price,
            quantity,
            getattr(facts.get(product_id), "brand_id", None),
            getattr(facts.get(product_id), "category_id", None),
        )
        for product_id, price, quantity in lines
    ]


def unknown(code: str) -> VoucherRefused:
    """The refusal of a code that names no voucher."""
    return VoucherRefused(UNKNOWN, f"There is no voucher with the code {code.strip()!r}.")


def _covers(rules: VoucherRules, line: PricedLine) -> bool:
    return (
        rules.whole_order
        or line.product_id in rules.products
        or line.brand_id in rules.brands
        or line.category_id in rules.categories
    )


def evaluate(
    rules: VoucherRules,
    user_id: uuid.UUID | None,
    lines: list[PricedLine],
    *,
    used_by_customer: int = 0,
    now: datetime | None = None,
) -> Discount:
    """The discount ``rules`` give these lines for this customer now, or VoucherRefused."""
    now = now or utcnow()
    if rules.ends_at is not None and now >= rules.ends_at:
        raise VoucherRefused(EXPIRED, f"This voucher expired on {rules.ends_at:%Y-%m-%d}.")
    if rules.starts_at is not None and now < rules.starts_at:
        raise VoucherRefused(
            NOT_STARTED, f"This voucher can be used from {rules.starts_at:%Y-%m-%d %H:%M} UTC."
        )
    if rules.customers and user_id is None:
        raise VoucherRefused(NOT_YOURS, "This voucher is personal: log in to use it.")
    if rules.customers and user_id not in rules.customers:
        raise VoucherRefused(NOT_YOURS, "This voucher is for another customer.")
    if rules.usage_limit is not None and rules.used >= rules.usage_limit:
        raise VoucherRefused(USED_UP, "This voucher has been used up.")
    if rules.per_customer_limit is not None and used_by_customer >= rules.per_customer_limit:
        raise VoucherRefused(USED_UP, "You have already used this voucher as often as it allows.")
    subtotal = sum(line.total_cents for line in lines)
    if subtotal < rules.minimum_spend_cents:
        raise VoucherRefused(
            MINIMUM_SPEND,
            f"This voucher needs a spend of at least {money_text(rules.minimum_spend_cents)} "
            f"(the items come to {money_text(subtotal)}).",
        )
    covered = [line for line in lines if _covers(rules, line) and line.total_cents > 0]
    if not covered:
        raise VoucherRefused(NOTHING_APPLIES, "Nothing in your cart is covered by this voucher.")
    if rules.kind == PERCENT:
        amounts = [percent_of(line.total_cents, rules.value) for line in covered]
    else:
        amounts = share_out(rules.value, [line.total_cents for line in covered])
    per_line = {line.product_id: amount for line, amount in zip(covered, amounts, strict=True)}
    return Discount(rules.id, rules.code, per_line)

"""A cart's voucher: applied and removed by its owner, and the discount it shows now.

Applying checks the code against the cart as it is (every reason it does not apply has
its own message); checkout checks it again inside the order's transaction, since the
cart, the clock and the voucher's other uses may all change in between.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import delete

from ..database import write_transaction
from ..extensions import db
from ..models import Cart, CartVoucher
from . import discounts
from .carts import lock_cart
from .discounts import NO_DISCOUNT, Discount, PricedLine, VoucherRefused

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CartPricing:
    """A cart's money with its voucher: per line, the discount, and what is left to pay."""

    subtotal_cents: int
    discount: Discount = NO_DISCOUNT
    code: str | None = None  # the voucher the cart carries, even when it does not apply now
    problem: str | None = None  # why it does not apply now

    @property
    def discount_cents(self) -> int:
        return self.discount.total_cents

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount.total_cents

    def line_discount(self, product_id: uuid.UUID) -> int:
        """What the voucher takes off this product's line."""
        return self.discount.of(product_id)


def _lines(cart: Cart) -> list[PricedLine]:
    return [
        PricedLine(
            line.product_id,
            line.product.price_cents,
            line.quantity,
            line.product.brand_id,
            line.product.category_id,
        )
        for line in cart.lines
    ]


def _discount(cart: Cart, rules: discounts.VoucherRules | None, code: str = "") -> Discount:
    if rules is None:
        raise discounts.unknown(code)
    used = 0
    if rules.per_customer_limit is not None and cart.user_id is not None:
        used = discounts.used_by(db.session.connection(), rules.id, cart.user_id)
    return discounts.evaluate(rules, cart.user_id, _lines(cart), used_by_customer=used)


def apply_voucher(cart_id: uuid.UUID, owner_id: uuid.UUID | None, code: str) -> Discount:
    """Put the voucher with ``code`` on the owner's cart, if it applies to it now."""
    if not code.strip():
        raise VoucherRefused(discounts.UNKNOWN, "Type a voucher code.")
    with write_transaction() as session:
        cart = lock_cart(session, cart_id, owner_id)
        rules = discounts.read_rules(session.connection(), code=code)
        discount = _discount(cart, rules, code)
        link = session.get(CartVoucher, cart.id)
        if link is None:
            session.add(CartVoucher(cart_id=cart.id, voucher_id=discount.voucher_id))
        else:
            link.voucher_id = discount.voucher_id
    log.info("voucher applied cart=%s voucher=%s", cart_id, discount.voucher_id)
    return discount


def remove_voucher(cart_id: uuid.UUID, owner_id: uuid.UUID | None) -> None:
    """Take the voucher off the owner's cart (nothing happens if it has none)."""
    with write_transaction() as session:
        cart = lock_cart(session, cart_id, owner_id)
        session.execute(delete(CartVoucher).where(CartVoucher.cart_id == cart.id))


def cart_pricing(cart: Cart | None) -> CartPricing:
    """The cart's subtotal, its voucher's discount per line and in all, and the total."""
    if cart is None:
        return CartPricing(0)
    subtotal = cart.total_cents
    link = cart.voucher_link
    if link is None:
        return CartPricing(subtotal)
    try:
        discount = _discount(cart, discounts.rules_of(link.voucher))
    except VoucherRefused as refused:
        return CartPricing(subtotal, code=link.voucher.code, problem=refused.message)
    return CartPricing(subtotal, discount, discount.code)

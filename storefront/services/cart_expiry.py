"""Carts past their time: marked expired, with what each held recorded per line.

A cart stops holding its lines ``CART_TTL_MINUTES`` after its last change (``stock``),
whether or not anything runs; this marks such carts ``expired`` afterwards and writes one
cart event of kind ``cart_expired`` per line still in the cart, dated when the cart
expired. Those events are what a campaign for abandoned carts targets (SPEC 9): who left
which product behind, and when. A stale cart can no longer change (``carts.lock_cart``
refuses it), so what it holds is final.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from ..database import write_transaction
from ..models import Cart, CartEvent, CartLine
from ..models.carts import ACTIVE, CART_EXPIRED, EXPIRED
from . import stock

BATCH = 500  # carts per transaction


def expire_stale_carts(now: datetime | None = None) -> int:
    """Mark the carts past their time as expired and record their lines; how many."""
    cutoff = stock.fresh_since(now)
    ttl = stock.cart_ttl()
    total = 0
    while True:
        with write_transaction() as session:
            stale = session.execute(
                select(Cart.id, Cart.user_id, Cart.updated_at)
                .where(Cart.status == ACTIVE, Cart.updated_at <= cutoff)
                .order_by(Cart.id)
                .limit(BATCH)
                .with_for_update()
            ).all()
            if stale:
                carts = {row.id: row for row in stale}
                lines = session.execute(
                    select(CartLine.cart_id, CartLine.product_id, CartLine.quantity).where(
                        CartLine.cart_id.in_(carts)
                    )
                ).all()
                events = [
                    {
                        "cart_id": line.cart_id,
                        "user_id": carts[line.cart_id].user_id,
                        "product_id": line.product_id,
                        "delta": -line.quantity,
                        "kind": CART_EXPIRED,
                        "created_at": carts[line.cart_id].updated_at + ttl,
                    }
                    for line in lines
                ]
                if events:
                    session.execute(insert(CartEvent), events)
                session.execute(update(Cart).where(Cart.id.in_(carts)).values(status=EXPIRED))
        total += len(stale)
        if len(stale) < BATCH:
            return total

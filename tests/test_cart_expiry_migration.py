"""Carts marked expired before expiry was recorded per line get their events, once."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, update

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Cart, CartEvent
from storefront.services import carts
from tests import factories

pytestmark = [
    pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index"),
]


def expired_events() -> list[tuple]:
    db.session.rollback()
    rows = db.session.execute(
        select(CartEvent.user_id, CartEvent.product_id, CartEvent.delta).where(
            CartEvent.kind == "cart_expired"
        )
    ).all()
    db.session.rollback()
    return [tuple(row) for row in rows]


def test_an_old_expired_cart_gets_an_event_per_line(app):
    with app.app_context():
        alice = factories.user("alice").id
        product = factories.product(stock=9)
        cart = carts.add_item(None, alice, product.id, 2)
        carts.add_item(None, factories.user("bob").id, product.id, 1)  # still open: no event
        with write_transaction() as session:  # marked expired the way it was before 0017
            session.execute(update(Cart).where(Cart.id == cart.id).values(status="expired"))
        downgrade(revision="0018")
        upgrade()
        assert expired_events() == [(alice, product.id, -2)]
        downgrade(revision="0018")
        upgrade()  # again: nothing twice
        assert expired_events() == [(alice, product.id, -2)]

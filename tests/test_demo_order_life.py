"""The demo data shows the order's life: orders in several states, each with its timeline."""

from __future__ import annotations

from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Order, OrderEvent
from tests.helpers import AuthActions, text_of


def test_seed_demo_leaves_orders_in_every_state_with_events(app, runner):
    result = runner.invoke(args=["seed-demo", "--products", "60"])
    assert result.exit_code == 0, result.output
    assert "demo orders" in result.output
    with app.app_context():
        statuses = set(db.session.scalars(select(Order.status)))
        assert {"paid", "shipped", "delivered", "refunded", "cancelled"} <= statuses
        kinds = set(db.session.scalars(select(OrderEvent.kind)))
        assert {"paid", "shipped", "delivered", "refunded", "cancelled"} <= kinds
        shipped = db.session.scalar(select(Order.id).where(Order.status == "delivered"))
    client = app.test_client()
    AuthActions(client).login("admin", "admin-pass-123")
    page = text_of(client.get(f"/admin/orders/{shipped}"))
    assert "Timeline" in page
    assert "Delivered" in page
    again = runner.invoke(args=["seed-demo", "--products", "60"])
    assert "demo orders" not in again.output

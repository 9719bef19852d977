"""Shipping and refunding e-mail the customer, queued in the changing transaction, sent once."""

from __future__ import annotations

import pytest

from storefront.payments import provider_for
from storefront.services import order_life, refunds
from storefront.services.mail_delivery import deliver_due
from tests import factories
from tests.mail_helpers import outbox, parts
from tests.order_life_helpers import admin, paid_order


@pytest.fixture
def smtp_app(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    return app


@pytest.fixture
def bought(smtp_app):
    with smtp_app.app_context():
        buyer = factories.user("ada", name="Ada L", email="ada@example.com")
        product_id = factories.product("Telecaster", stock=5, price_cents=10000).id
        order_id = paid_order(buyer.id, [(product_id, 2)])
        deliver_due()  # the confirmation
        return order_id, admin()


def by_template(name):
    return [row for row in outbox() if row.template == name]


def test_shipping_queues_one_mail_with_carrier_and_tracking(smtp_app, bought, smtp_server):
    order_id, boss = bought
    with smtp_app.app_context():
        order_life.ship(order_id, boss, "DHL", "JD0001")
        [row] = by_template("order-shipped")
        assert row.key == f"order-shipped:{order_id}"
        assert deliver_due().sent == 1
        assert deliver_due().sent == 0
    message = smtp_server.inbox.messages[-1]
    assert message["To"] == "ada@example.com"
    assert "is on its way" in message["Subject"]
    text = parts(message)["plain"]
    assert "DHL" in text
    assert "JD0001" in text


def test_a_refund_mails_once_and_only_when_the_provider_confirmed_it(smtp_app, bought):
    order_id, boss = bought
    with smtp_app.app_context():
        order_life.ship(order_id, boss, "DHL", "JD0001")
        sandbox = provider_for(smtp_app).sandbox  # type: ignore[attr-defined]
        sandbox.fail_next({"count": 10})
        assert refunds.refund(order_id, boss, reason="Dented").pending
        assert by_template("order-refund") == []
        sandbox.fail_next({"count": 0})
        refunds.settle_pending()
        refunds.settle_pending()
        [row] = by_template("order-refund")
        assert row.key == f"order-refund:{order_id}-r1"
        assert row.context["amount_cents"] == 20000


def test_a_cancelled_paid_order_mails_its_refund(smtp_app, bought):
    order_id, _boss = bought
    with smtp_app.app_context():
        order_life.cancel(order_id, order_life.Actor(None, "", True), "Out of stock")
        [row] = by_template("order-refund")
        assert row.context["cancelled"] is True

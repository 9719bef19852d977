"""An order that becomes paid queues its confirmation in the same transaction: sent once."""

from __future__ import annotations

import pytest

from storefront.payments.sandbox import DECLINE_CARD, SUCCESS_CARD
from storefront.services.mail_delivery import deliver_due
from tests import factories
from tests.api_helpers import Api, Shop
from tests.mail_helpers import outbox, parts


def card(number: str = SUCCESS_CARD) -> dict[str, str]:
    return {"name": "Ada Lovelace", "number": number, "expiry": "1240", "cvv": "123"}


def customer_with_email(api: Api, username: str = "ada", email: str = "ada@example.com"):
    """A customer whose address is already confirmed (no confirmation mail in the outbox)."""
    with api.app.app_context():
        factories.user(username, email=email, name="Ada L")
    return api.login(username)


@pytest.fixture
def smtp_app(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    return app


def test_a_paid_order_gets_one_confirmation(smtp_app, api, shop: Shop, smtp_server):
    guitar = shop.product("Telecaster", price="899.00")
    ada = customer_with_email(api)
    order = ada.ok(
        "POST",
        "/orders",
        {"lines": [{"product_id": guitar["id"], "quantity": 2}], "card": card()},
        201,
    )
    with smtp_app.app_context():
        [row] = outbox()
        assert row.key == f"order-confirmation:{order['id']}"
        assert deliver_due().sent == 1
        assert deliver_due().sent == 0

    [message] = smtp_server.inbox.messages
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == f"Your order {order['number']} is confirmed"
    text = parts(message)["plain"]
    assert "Hello Ada L" in text
    assert "2 x Telecaster at $899.00: $1,798.00" in text
    assert f"http://127.0.0.1:5000/orders/{order['id']}" in text


def test_a_declined_card_sends_nothing_until_the_order_is_paid(smtp_app, api, shop, smtp_server):
    guitar = shop.product("Stratocaster")
    ada = customer_with_email(api)
    lines = [{"product_id": guitar["id"], "quantity": 1}]
    response = ada.post("/orders", {"lines": lines, "card": card(DECLINE_CARD)})
    assert response.status_code == 402
    with smtp_app.app_context():
        assert outbox() == []
    orders = ada.ok("GET", "/orders")["items"]
    order_id = orders[0]["id"]
    ada.ok("POST", f"/orders/{order_id}/pay", {"card": card()}, 201)
    ada.post(f"/orders/{order_id}/pay", {"card": card()})  # pressed again: already paid
    with smtp_app.app_context():
        assert [row.key for row in outbox()] == [f"order-confirmation:{order_id}"]
        assert deliver_due().sent == 1
    assert len(smtp_server.inbox.messages) == 1


def test_a_customer_without_an_email_address_gets_no_mail(smtp_app, api, shop):
    guitar = shop.product("Jaguar")
    bob = api.customer("bob")
    bob.ok(
        "POST",
        "/orders",
        {"lines": [{"product_id": guitar["id"], "quantity": 1}], "card": card()},
        201,
    )
    with smtp_app.app_context():
        assert outbox() == []


def test_after_the_commit_the_worker_is_woken_to_deliver(make_app, smtp_server):
    """With a queue that runs each task at once, buying alone delivers the confirmation."""
    app = make_app(MAIL_URL=smtp_server.url, TASK_QUEUE="immediate")
    api = Api(app)
    admin = api.admin()
    shop = Shop(
        admin,
        admin.ok("POST", "/brands", {"name": "Gibson"}, 201),
        admin.ok("POST", "/categories", {"name": "Guitars"}, 201),
        admin.ok("POST", "/stores", {"name": "Guitar Shop"}, 201),
    )
    guitar = shop.product("Les Paul")
    ada = customer_with_email(api)
    ada.ok(
        "POST",
        "/orders",
        {"lines": [{"product_id": guitar["id"], "quantity": 1}], "card": card()},
        201,
    )
    [message] = smtp_server.inbox.messages
    assert message["To"] == "ada@example.com"
    with app.app_context():
        assert [row.status for row in outbox()] == ["sent"]

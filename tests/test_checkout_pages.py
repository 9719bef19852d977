"""Checkout and orders through the pages, paid through the in-process sandbox."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Order, PaymentAttempt, Product
from storefront.payments.sandbox import DECLINE_CARD, SUCCESS_CARD
from tests import factories
from tests.helpers import post_form, text_of, typed

SUCCESS = typed(SUCCESS_CARD)  # as people type it, spaces and all
DECLINE = DECLINE_CARD
CARD = {"name": "Alice Liddell", "number": SUCCESS, "expiry": "1239", "cvv": "123"}


@pytest.fixture
def guitar(app):
    with app.app_context():
        product = factories.product("Telecaster", price_cents=89900, stock=3)
        return {"id": str(product.id), "slug": product.slug}


def add(client, product, quantity=1):
    data = {"product_id": product["id"], "quantity": quantity, "next": "/cart"}
    return post_form(client, "/cart/add", data, page=f"/products/{product['slug']}")


def checkout(client, **card):
    page = text_of(client.get("/checkout"))
    cart_id = re.search(r'name="cart_id" type="hidden" value="([^"]+)"', page).group(1)
    return post_form(client, "/checkout", {**CARD, **card, "cart_id": cart_id}, page="/checkout")


def only_order(app) -> Order:
    with app.app_context():
        orders = db.session.scalars(select(Order)).all()
        assert len(orders) == 1
        db.session.expunge_all()
        return orders[0]


def test_guest_is_sent_to_log_in_and_comes_back(client, guitar):
    add(client, guitar)
    response = client.get("/checkout")
    assert response.status_code == 302
    assert "/login?next=%2Fcheckout" in response.location


def test_checkout_page_shows_lines_total_and_card_form(client, auth, guitar):
    auth.register("alice")
    add(client, guitar, 2)
    page = text_of(client.get("/checkout"))
    assert "Telecaster" in page
    assert "$1,798.00" in page
    for label in ("Name on card", "Card number", "Expiry (MMYY)", "CVV"):
        assert f">{label}</label>" in page
    assert 'value="Place order"' in page


def test_empty_cart_has_nothing_to_check_out(client, auth):
    auth.register("alice")
    response = client.get("/checkout")
    assert response.status_code == 302
    assert "Your cart is empty." in text_of(client.get("/cart"))


def test_buying_with_the_success_card(app, client, auth, guitar):
    auth.register("alice")
    add(client, guitar, 2)
    response = checkout(client)
    order = only_order(app)
    assert response.location.endswith(f"/orders/{order.id}")
    page = text_of(client.get(response.location))
    assert f"Thank you! Order {order.number} is paid." in page
    assert "card ending in 4242" in page
    assert "Pay now" not in page
    assert order.status == "paid"
    assert order.payment_id
    with app.app_context():
        assert db.session.get(Product, order.lines[0].product_id).stock == 1
    assert order.number in text_of(client.get("/orders"))
    assert "Your cart is empty." in text_of(client.get("/cart"))


def test_declined_card_keeps_the_order_then_pay_now(app, client, auth, guitar):
    auth.register("alice")
    add(client, guitar)
    response = checkout(client, number=DECLINE)
    order = only_order(app)
    assert order.status == "pending_payment"
    page = text_of(client.get(response.location))
    assert "The payment did not go through" in page
    assert 'value="Pay now"' in page

    post_form(client, f"/orders/{order.id}", {**CARD}, page=f"/orders/{order.id}")
    order = only_order(app)
    assert order.status == "paid"
    with app.app_context():
        attempts = db.session.scalars(select(PaymentAttempt).order_by(PaymentAttempt.number)).all()
        assert [(a.number, a.status) for a in attempts] == [(1, "declined"), (2, "paid")]
        assert attempts[0].idempotency_key == f"{order.id}-1"


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"number": "4242 4242 4242 4241"}, "This card number is not valid"),
        ({"number": "4242"}, "The card number must have 16 digits."),
        ({"expiry": "0120"}, "This card has expired."),
        ({"expiry": "13-29"}, "MMYY, MM/YY or MM / YY"),
        ({"expiry": "13/29"}, "The expiry month must be from 01 to 12."),
        ({"cvv": "12"}, "The CVV must be 3 digits."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_card_details_are_shown_and_nothing_is_ordered(
    app, client, auth, guitar, card, message
):
    auth.register("alice")
    add(client, guitar)
    response = checkout(client, **card)
    assert response.status_code == 200
    assert message in text_of(response)
    with app.app_context():
        assert db.session.scalars(select(Order)).all() == []
        assert db.session.get(Product, factories_uuid(guitar)).stock == 3


def test_the_same_cart_submitted_twice_is_one_order_and_one_charge(app, client, auth, guitar):
    auth.register("alice")
    add(client, guitar)
    page = text_of(client.get("/checkout"))
    cart_id = re.search(r'name="cart_id" type="hidden" value="([^"]+)"', page).group(1)
    for _ in range(2):
        post_form(client, "/checkout", {**CARD, "cart_id": cart_id}, page="/account")
    order = only_order(app)
    assert order.status == "paid"
    with app.app_context():
        assert len(db.session.scalars(select(PaymentAttempt)).all()) == 1


def test_another_users_order_is_not_found(app, client, auth, guitar):
    auth.register("alice")
    add(client, guitar)
    checkout(client, number=DECLINE)
    order = only_order(app)
    auth.logout()
    auth.register("mallory")
    assert client.get(f"/orders/{order.id}").status_code == 404
    response = post_form(client, f"/orders/{order.id}", CARD, page="/account")
    assert response.status_code == 404
    assert only_order(app).status == "pending_payment"
    assert order.number not in text_of(client.get("/orders"))


def test_orders_need_login(client):
    assert client.get("/orders").status_code == 302


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
def test_no_card_number_or_cvv_is_kept_anywhere(app, client, auth, guitar, caplog):
    caplog.set_level("DEBUG")
    auth.register("alice")
    add(client, guitar)
    checkout(client, number=DECLINE, cvv="987")
    order = only_order(app)
    post_form(client, f"/orders/{order.id}", {**CARD, "cvv": "654"}, page=f"/orders/{order.id}")
    dump = database_dump(app)
    for number in (SUCCESS_CARD, DECLINE_CARD):
        assert number not in dump
        assert number not in caplog.text
    for cvv in ("987", "654"):  # as a token of its own: ids and times hold digits too
        assert not re.search(rf"\b{cvv}\b", dump)
        assert not re.search(rf"\b{cvv}\b", caplog.text)
    assert "4242" in dump  # the last four are kept


def database_dump(app) -> str:
    from sqlalchemy import MetaData

    with app.app_context():
        tables = MetaData()
        tables.reflect(bind=db.engine)
        lines = []
        for table in tables.sorted_tables:
            for row in db.session.execute(select(table)):
                lines.append(" ".join(str(value) for value in row))
        return "\n".join(lines)


def factories_uuid(product):
    import uuid

    return uuid.UUID(product["id"])

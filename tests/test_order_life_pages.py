"""The order's life on the pages: the admin's buttons, the customer's "Cancel order", timelines."""

from __future__ import annotations

import re

import pytest

from storefront.services import accounts, orders
from tests import factories
from tests.helpers import PASSWORD, AuthActions, post_form, text_of
from tests.order_life_helpers import paid_order, status_of, stock_of


@pytest.fixture
def bought(app):
    with app.app_context():
        buyer = factories.user("buyer")
        product_id = factories.product("Telecaster", stock=5, price_cents=10000).id
        order_id = paid_order(buyer.id, [(product_id, 2)])
        accounts.register("boss", PASSWORD, is_admin=True)
        line_id = orders.any_order(order_id).lines[0].id
    return {"order": order_id, "product": product_id, "line": line_id}


@pytest.fixture
def admin_client(app):
    client = app.test_client()
    AuthActions(client).login("boss")
    return client


@pytest.fixture
def buyer_client(app):
    client = app.test_client()
    AuthActions(client).login("buyer")
    return client


def admin_page(order_id):
    return f"/admin/orders/{order_id}"


def test_admin_page_shows_the_buttons_spec_names_for_a_paid_order(bought, admin_client):
    page = text_of(admin_client.get(admin_page(bought["order"])))
    for words in ("Mark as shipped", "Carrier", "Tracking number", "Cancel order", "Timeline"):
        assert words in page
    assert "Mark as delivered" not in page
    assert '<button type="submit">Refund' not in page


def test_admin_ships_delivers_and_refunds_per_line_through_the_forms(app, bought, admin_client):
    order_id, page = bought["order"], admin_page(bought["order"])
    answer = post_form(
        admin_client,
        f"{page}/ship",
        {"carrier": "DHL", "tracking_number": "JD0001"},
        page=page,
    )
    assert answer.status_code == 302
    shown = text_of(admin_client.get(page))
    assert "Mark as delivered" in shown
    assert "DHL, tracking number JD0001" in shown
    post_form(admin_client, f"{page}/deliver", page=page)
    field = f"quantity-{bought['line']}"
    answer = post_form(admin_client, f"{page}/refund", {field: "1", "returned": "y"}, page=page)
    shown = text_of(admin_client.get(page))
    assert "$100.00 was refunded to the customer&#39;s card." in shown
    with app.app_context():
        assert status_of(order_id) == "delivered"
        assert stock_of(bought["product"]) == 4
    post_form(admin_client, f"{page}/refund", {field: "1"}, page=page)
    with app.app_context():
        assert status_of(order_id) == "refunded"
        assert stock_of(bought["product"]) == 4  # the second unit did not come back


def test_bad_shipping_input_is_shown_on_the_form_and_changes_nothing(app, bought, admin_client):
    page = admin_page(bought["order"])
    answer = post_form(
        admin_client, f"{page}/ship", {"carrier": "", "tracking_number": ""}, page=page
    )
    assert answer.status_code == 200
    assert "Carrier must be 1 to 60 characters." in text_of(answer)
    with app.app_context():
        assert status_of(bought["order"]) == "paid"


def test_bad_refund_quantity_is_a_form_error(app, bought, admin_client):
    page = admin_page(bought["order"])
    post_form(admin_client, f"{page}/ship", {"carrier": "DHL", "tracking_number": "1"}, page=page)
    for typed, message in (("abc", "whole number"), ("3", "refund from 0 to 2 units")):
        answer = post_form(
            admin_client, f"{page}/refund", {f"quantity-{bought['line']}": typed}, page=page
        )
        assert answer.status_code == 200
        assert message in text_of(answer)
    with app.app_context():
        assert status_of(bought["order"]) == "shipped"


def test_a_shipped_order_cannot_be_cancelled_from_the_page(app, bought, admin_client):
    page = admin_page(bought["order"])
    post_form(admin_client, f"{page}/ship", {"carrier": "DHL", "tracking_number": "1"}, page=page)
    answer = post_form(admin_client, f"{page}/cancel", page=page)
    assert answer.status_code == 302
    assert "is shipped and can no longer be cancelled" in text_of(admin_client.get(page))
    with app.app_context():
        assert status_of(bought["order"]) == "shipped"
        assert stock_of(bought["product"]) == 3


def test_customer_cancels_a_paid_order_and_sees_the_timeline(app, bought, buyer_client):
    page = f"/orders/{bought['order']}"
    shown = text_of(buyer_client.get(page))
    assert "Cancel order" in shown
    answer = post_form(buyer_client, f"{page}/cancel", page=page)
    assert answer.status_code == 302
    shown = text_of(buyer_client.get(page))
    assert "$200.00 was refunded to your card." in shown
    timeline = shown[shown.index("Timeline") :]
    assert re.search(r"Paid.*Cancelled.*Refund requested.*Refunded", timeline, re.S)
    assert "Cancel order" not in shown
    with app.app_context():
        assert status_of(bought["order"]) == "cancelled"
        assert stock_of(bought["product"]) == 5


def test_customer_sees_shipping_on_the_timeline_and_no_cancel_button(
    app, bought, admin_client, buyer_client
):
    page = admin_page(bought["order"])
    post_form(admin_client, f"{page}/ship", {"carrier": "DHL", "tracking_number": "JD9"}, page=page)
    shown = text_of(buyer_client.get(f"/orders/{bought['order']}"))
    assert "Shipped" in shown
    assert "JD9" in shown
    assert "Cancel order" not in shown
    answer = post_form(
        buyer_client, f"/orders/{bought['order']}/cancel", page=f"/orders/{bought['order']}"
    )
    assert answer.status_code == 302
    with app.app_context():
        assert status_of(bought["order"]) == "shipped"


def test_another_customers_cancel_answers_404(app, bought):
    client = app.test_client()
    AuthActions(client).register("stranger")
    answer = post_form(client, f"/orders/{bought['order']}/cancel", page="/account")
    assert answer.status_code == 404
    with app.app_context():
        assert status_of(bought["order"]) == "paid"


def test_cancel_without_csrf_token_changes_nothing(make_app, bought):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    AuthActions(client).login("buyer")
    client.post(f"/orders/{bought['order']}/cancel")
    with app.app_context():
        assert status_of(bought["order"]) == "paid"

"""PAYMENT_CURRENCY and MONEY_LOCALE: a EUR shop end to end, with the payment sandbox as its
own process: pages, the JSON API and the charge at the provider all in euros."""

from __future__ import annotations

import re

import pytest

from storefront.money import amount_text, format_money
from tests import factories
from tests.api_helpers import SUCCESS_CARD, Api
from tests.helpers import AuthActions, post_form, text_of
from tests.test_checkout_pages import CARD


def test_one_formatter_for_every_currency_and_locale():
    assert format_money(129900) == "$1,299.00"
    assert format_money(129900, "EUR", "de_DE") == "1.299,00\xa0€"
    assert format_money(-5, "EUR", "en_IE") == "-€0.05"
    assert format_money(89900, "GBP", "en_GB") == "£899.00"
    assert amount_text(129900) == "1299.00"
    assert amount_text(-5) == "-0.05"


@pytest.fixture
def euro_shop(make_app, sandbox_url):
    app = make_app(PAYMENT_CURRENCY="EUR", MONEY_LOCALE="de_DE", PAYMENT_URL=sandbox_url)
    with app.app_context():
        product = factories.product("Telecaster", price_cents=129900, stock=5)
        factories.user("alice")
        return app, {"id": str(product.id), "slug": product.slug}


def test_a_euro_shop_shows_orders_and_charges_in_euros(euro_shop, sandbox):
    app, guitar = euro_shop
    client = app.test_client()
    assert "1.299,00\xa0€" in text_of(client.get("/products"))
    assert "1.299,00\xa0€" in text_of(client.get(f"/products/{guitar['slug']}"))
    assert "$" not in text_of(client.get(f"/products/{guitar['slug']}"))

    AuthActions(client).login("alice")
    data = {"product_id": guitar["id"], "quantity": 2, "next": "/cart"}
    post_form(client, "/cart/add", data, page=f"/products/{guitar['slug']}")
    assert "2.598,00\xa0€" in text_of(client.get("/cart"))
    page = text_of(client.get("/checkout"))
    assert "2.598,00\xa0€" in page
    cart_id = re.search(r'name="cart_id" type="hidden" value="([^"]+)"', page).group(1)
    response = post_form(client, "/checkout", {**CARD, "cart_id": cart_id}, page="/checkout")
    order_path = response.headers["Location"]
    order_page = text_of(client.get(order_path))
    assert "2.598,00\xa0€" in order_page
    order_id = order_path.rstrip("/").rsplit("/", 1)[1]
    charged = sandbox.charges(f"{order_id}-1")
    assert [(row["amount"], row["currency"]) for row in charged] == [("2598.00", "EUR")]

    api = Api(app)
    listed = api.anonymous.get(f"/products/{guitar['id']}").get_json()
    assert (listed["price"], listed["currency"]) == ("1299.00", "EUR")
    bob = api.customer("bob")
    made = bob.post(
        "/orders", {"lines": [{"product_id": guitar["id"], "quantity": 1}], "card": SUCCESS_CARD}
    )
    assert made.status_code == 201
    order = made.get_json()
    cart = bob.post("/carts").get_json()
    assert (cart["total"], cart["currency"]) == ("0.00", "EUR")
    assert (order["total"], order["currency"], order["status"]) == ("1299.00", "EUR", "paid")
    charged = sandbox.charges(f"{order['id']}-1")
    assert [(row["amount"], row["currency"]) for row in charged] == [("1299.00", "EUR")]


def test_an_order_keeps_the_currency_it_was_placed_in(make_app):
    dollars = make_app()
    with dollars.app_context():
        product_id = str(factories.product("Stratocaster", price_cents=50000, stock=5).id)
    api = Api(dollars)
    alice = api.customer("alice")
    order = alice.post(
        "/orders", {"lines": [{"product_id": product_id, "quantity": 1}], "card": SUCCESS_CARD}
    ).get_json()
    assert order["currency"] == "USD"
    euros = make_app(PAYMENT_CURRENCY="EUR", MONEY_LOCALE="de_DE")
    client = euros.test_client()
    AuthActions(client).login("alice")
    page = text_of(client.get(f"/orders/{order['id']}"))
    assert "500,00\xa0$" in page  # the order's own currency, in the shop's locale
    assert "€" not in page.split("<main", 1)[-1].split("</main>", 1)[0]

"""The confirmation e-mail of a discounted order, and discount messages in the shop's currency."""

from __future__ import annotations

import pytest

from storefront.services import buying, carts
from storefront.services.cart_vouchers import apply_voucher
from storefront.services.discounts import VoucherRefused
from storefront.services.mail_delivery import deliver_due
from storefront.services.voucher_input import VoucherInput
from storefront.services.vouchers_admin import create_voucher
from tests import factories
from tests.mail_helpers import parts
from tests.order_life_helpers import CARD


def test_the_confirmation_shows_the_discount_per_line_and_in_total(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    with app.app_context():
        buyer = factories.user("ada", email="ada@example.com", name="Ada")
        guitar = factories.product("Guitar", stock=5, price_cents=10000)
        strings = factories.product("Strings", stock=50, price_cents=500)
        create_voucher(VoucherInput(code="THIRTY", kind="amount", value="30"))
        lines = [(guitar.id, 1), (strings.id, 4)]
        purchase = buying.buy(buyer.id, CARD, lines=lines, voucher="THIRTY")
        assert purchase.result is buying.Result.PAID
        assert deliver_due().sent == 1
    [message] = smtp_server.inbox.messages
    text, html = parts(message)["plain"], parts(message)["html"]
    assert "1 x Guitar at $100.00: $100.00, less $25.00" in text
    assert "4 x Strings at $5.00: $20.00, less $5.00" in text
    assert "Discount (voucher THIRTY): -$30.00" in text
    assert "Total: $90.00" in text
    assert "-$25.00" in html
    assert "Discount (voucher THIRTY)" in html
    assert "-$30.00" in html


def test_an_order_without_a_voucher_shows_no_discount(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    with app.app_context():
        buyer = factories.user("ada", email="ada@example.com")
        guitar = factories.product("Guitar", stock=5, price_cents=10000)
        buying.buy(buyer.id, CARD, lines=[(guitar.id, 1)])
        deliver_due()
    [message] = smtp_server.inbox.messages
    assert "Discount" not in parts(message)["plain"]
    assert "Discount" not in parts(message)["html"]


def test_a_minimum_spend_is_told_in_the_shops_currency(make_app):
    app = make_app(PAYMENT_CURRENCY="EUR", MONEY_LOCALE="de_DE")
    with app.app_context():
        buyer = factories.user("ada")
        strings = factories.product("Strings", stock=50, price_cents=500)
        create_voucher(VoucherInput(code="BIG", kind="amount", value="5", minimum_spend="50"))
        cart = carts.add_item(None, buyer.id, strings.id, 2)
        with pytest.raises(VoucherRefused) as refused:
            apply_voucher(cart.id, buyer.id, "BIG")
    assert refused.value.message == (
        "This voucher needs a spend of at least 50,00\xa0€ (the items come to 10,00\xa0€)."
    )

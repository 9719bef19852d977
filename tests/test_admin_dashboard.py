"""The admin's home shows the shop at a glance, each item linking to its page."""

from __future__ import annotations

import re

from storefront.payments import provider_for
from storefront.services import accounts, carts, order_life, refunds
from tests import factories
from tests.helpers import PASSWORD, AuthActions, text_of
from tests.order_life_helpers import admin, paid_order


def test_dashboard_shows_waiting_orders_pending_refunds_revenue_low_stock_and_removals(app):
    with app.app_context():
        buyer = factories.user("buyer").id
        guitar = factories.product("Telecaster", stock=20, price_cents=10000).id
        strings = factories.product("Strings", stock=3, price_cents=500).id
        waiting = paid_order(buyer, [(guitar, 1)])
        refunded = paid_order(buyer, [(guitar, 2)])
        boss = admin()
        order_life.ship(refunded, boss, "DHL", "1")
        provider_for(app).sandbox.fail_next({"count": 10})  # type: ignore[attr-defined]
        assert refunds.refund(refunded, boss).pending
        provider_for(app).sandbox.fail_next({"count": 0})  # type: ignore[attr-defined]
        cart = carts.add_item(None, buyer, strings, 1).id
        carts.remove_line(cart, buyer, strings)
        accounts.register("chief", PASSWORD, is_admin=True)
    client = app.test_client()
    AuthActions(client).login("chief")
    page = text_of(client.get("/admin/"))
    assert "Orders waiting to ship</a>: 1" in page
    assert f'href="/admin/orders/{waiting}"' in page
    assert "Refunds pending: 1" in page
    assert f'href="/admin/orders/{refunded}"' in page
    assert "$200.00" in page
    assert f'href="/admin/products/{strings}"' in page
    assert "Strings</a>: 3 left" in page
    assert "Strings</a>: removed 1 times" in page
    chart = page[page.index('<svg class="column-chart"') : page.index("</svg>")]
    assert len(re.findall(r"<rect ", chart)) == 30
    assert "$300.00" in chart  # today's payments: 100.00 + 200.00
    assert "$300.00 in all." in page


def test_dashboard_of_an_empty_shop_says_so(app):
    with app.app_context():
        accounts.register("chief", PASSWORD, is_admin=True)
    client = app.test_client()
    AuthActions(client).login("chief")
    page = text_of(client.get("/admin/"))
    assert "Orders waiting to ship</a>: 0" in page
    assert "Nothing waits to ship." in page
    assert "Everything is well stocked." in page

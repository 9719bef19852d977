"""Every admin route, generated from the URL map: guests log in, customers get 403."""

from __future__ import annotations

import pytest

from storefront.services import accounts, campaigns, carts, checkout, shipping_methods
from storefront.services.voucher_input import VoucherInput
from storefront.services.vouchers_admin import create_voucher
from tests import factories
from tests.campaign_helpers import customer, offer, took_out
from tests.helpers import PASSWORD, AuthActions, post_form


@pytest.fixture
def ids(app):
    with app.app_context():
        product = factories.product("Telecaster", stock=5)
        buyer = factories.user("buyer").id
        carts.add_item(None, buyer, product.id, 1)
        order = checkout.place_order(buyer, [(product.id, 1)])
        method = shipping_methods.save_method(None, {"name": "Courier", "price": "5.00"})
        voucher = create_voucher(VoucherInput(code="SPRING", kind="percent", value="10"))
        took_out(customer("keen"), product.id)
        campaign = campaigns.launch(offer([product.id]), None)
        return {
            "product_id": product.id,
            "order_id": order.id,
            "item_id": product.brand_id,
            "method_id": method.id,
            "voucher_id": voucher.id,
            "image_id": 1,
            "campaign_id": campaign.campaign_id,
        }


def admin_urls(app, ids):
    """(method, url) for every rule under /admin, with real ids filled in."""
    with app.test_request_context():
        from flask import url_for

        found = []
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/admin"):
                continue
            values = {name: ids[name] for name in rule.arguments}
            url = url_for(rule.endpoint, **values)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((method, url))
        return found


def test_the_map_has_admin_routes(app, ids):
    assert len(admin_urls(app, ids)) >= 20


def test_guests_are_sent_to_log_in(app, client, ids):
    for method, url in admin_urls(app, ids):
        if method == "POST":  # with a valid CSRF token, so that access is what is tested
            response = post_form(client, url, {}, page="/login")
        else:
            response = client.get(url)
        assert response.status_code == 302, (method, url)
        assert "/login" in response.location, (method, url)


def test_customers_are_refused(app, client, auth, ids):
    auth.register("customer")
    for method, url in admin_urls(app, ids):
        if method == "POST":
            response = post_form(client, url, {}, page="/account")
        else:
            response = client.get(url)
        assert response.status_code == 403, (method, url)


def test_admins_can_open_every_page(app, client, ids):
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
    AuthActions(client).login("boss")
    for method, url in admin_urls(app, ids):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_admin_link_only_for_admins(app, client, auth):
    auth.register("customer")
    assert ">Admin</a>" not in client.get("/").get_data(as_text=True)
    auth.logout()
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
    auth.login("boss")
    assert ">Admin</a>" in client.get("/").get_data(as_text=True)

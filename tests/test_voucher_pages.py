"""Vouchers through the pages: the admin's forms, a code in the cart, the discount to the order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Voucher
from storefront.services.voucher_input import VoucherInput
from storefront.services.vouchers_admin import create_voucher
from tests import factories
from tests.helpers import post_form, text_of
from tests.test_checkout_pages import add, checkout, only_order

VOUCHER_FIELDS = {
    "code": "",
    "count": "",
    "kind": "percent",
    "value": "10",
    "applies_to": "",
    "minimum_spend": "0",
    "starts_at": "",
    "ends_at": "",
    "usage_limit": "",
    "per_customer_limit": "",
    "customers": "",
}


@pytest.fixture
def guitar(app):
    with app.app_context():
        product = factories.product("Telecaster", price_cents=10000, stock=5)
        return {"id": str(product.id), "slug": product.slug}


@pytest.fixture
def admin(app, client, auth):
    with app.app_context():
        factories.user("boss", is_admin=True)
    auth.login("boss")
    return client


def codes(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Voucher.code)))


def test_the_admin_makes_edits_and_deletes_a_voucher(app, admin):
    page = text_of(admin.get("/admin/vouchers/new"))
    for label in ("Code", "Kind", "Value", "Applies to", "Minimum spend", "Starts", "Ends"):
        assert f">{label}</label>" in page
    assert ">Usage limit</label>" in page
    assert ">Limit per customer</label>" in page
    data = {**VOUCHER_FIELDS, "code": "Autumn10", "ends_at": "2030-01-01T00:00"}
    response = post_form(admin, "/admin/vouchers/new", data)
    assert response.status_code == 302
    assert codes(app) == ["Autumn10"]
    with app.app_context():
        voucher_id = db.session.scalar(select(Voucher.id))
    edit = f"/admin/vouchers/{voucher_id}"
    assert 'value="Autumn10"' in text_of(admin.get(edit))
    post_form(admin, edit, {**data, "value": "12.5", "usage_limit": "3"})
    with app.app_context():
        voucher = db.session.get(Voucher, voucher_id)
        assert (voucher.value, voucher.usage_limit) == (1250, 3)
    assert "Autumn10" in text_of(admin.get("/admin/vouchers"))
    post_form(admin, f"/admin/vouchers/{voucher_id}/delete", page="/admin/vouchers")
    assert codes(app) == []


def test_bad_voucher_forms_say_why_and_save_nothing(app, admin):
    create_in = {**VOUCHER_FIELDS, "code": "TAKEN"}
    post_form(admin, "/admin/vouchers/new", create_in)
    cases = [
        ({"code": "taken"}, "already taken"),
        ({"code": "NEW1", "value": "101"}, "at most 100"),
        ({"code": "NEW2", "starts_at": "2030-01-02T00:00", "ends_at": "2030-01-01T00:00"}, "after"),
        ({"code": "NEW3", "applies_to": "brand:nope"}, "do not exist"),
    ]
    for fields, words in cases:
        response = post_form(admin, "/admin/vouchers/new", {**VOUCHER_FIELDS, **fields})
        assert response.status_code == 200
        assert words in text_of(response)
    assert codes(app) == ["TAKEN"]


def test_a_batch_of_codes_from_the_form(app, admin):
    post_form(admin, "/admin/vouchers/new", {**VOUCHER_FIELDS, "code": "XMAS", "count": "5"})
    made = codes(app)
    assert len(made) == 5
    assert all(code.startswith("XMAS-") for code in made)


def test_a_customer_applies_a_code_sees_the_discount_and_pays_less(app, client, auth, guitar):
    with app.app_context():
        create_voucher(VoucherInput(code="TENOFF", kind="amount", value="10"))
    auth.register("alice")
    add(client, guitar, 2)
    page = text_of(client.get("/cart"))
    assert ">Voucher code</label>" in page
    assert "Remove voucher" not in page

    response = post_form(client, "/cart/voucher", {"code": "nope"}, page="/cart")
    page = text_of(client.get(response.location))
    assert "There is no voucher with the code" in page

    post_form(client, "/cart/voucher", {"code": "tenoff"}, page="/cart")
    page = text_of(client.get("/cart"))
    assert "Voucher TENOFF applied." in page
    assert "-$10.00" in page
    assert "$190.00" in page
    assert "Remove voucher" in page
    assert "-$10.00" in text_of(client.get("/checkout"))

    checkout(client)
    order = only_order(app)
    assert (order.total_cents, order.discount_cents, order.voucher_code) == (19000, 1000, "TENOFF")
    page = text_of(client.get(f"/orders/{order.id}"))
    assert "Discount (voucher TENOFF)" in page
    assert "$190.00" in page


def test_remove_voucher_puts_the_full_price_back(app, client, auth, guitar):
    with app.app_context():
        create_voucher(VoucherInput(code="HALF", kind="percent", value="50"))
    auth.register("alice")
    add(client, guitar, 1)
    post_form(client, "/cart/voucher", {"code": "HALF"}, page="/cart")
    assert "$50.00" in text_of(client.get("/cart"))
    post_form(client, "/cart/voucher/remove", page="/cart")
    page = text_of(client.get("/cart"))
    assert "The voucher was removed." in page
    assert "Remove voucher" not in page
    assert "-$" not in page

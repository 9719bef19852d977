"""Vouchers through the API: the admin's CRUD and batches, a code on a cart and on an order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storefront.models.base import utcnow
from tests.api_helpers import SUCCESS_CARD, error_of


@pytest.fixture
def app(make_app, sandbox_url):
    """The shop paying through the sandbox process, whose ledger shows each charge."""
    return make_app(PAYMENT_URL=sandbox_url)


def voucher(admin, status=201, **fields):
    body = {"code": "SPRING15", "kind": "percent", "value": "15", **fields}
    response = admin.post("/admin/vouchers", body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_admin_creates_reads_changes_and_deletes_a_voucher(api, shop):
    admin = shop.admin
    guitar = shop.product("Telecaster", price="100.00")
    made = voucher(
        admin,
        code="Spring15",
        applies_to={"products": [guitar["slug"]], "brands": [shop.brand["id"]]},
        minimum_spend="50.00",
        usage_limit=10,
        per_customer_limit=1,
    )
    assert made["code"] == "Spring15"
    assert made["value"] == "15.00"
    assert made["applies_to"] == {
        "products": [guitar["id"]],
        "brands": [shop.brand["id"]],
        "categories": [],
    }
    assert made["minimum_spend"] == "50.00"
    assert made["used"] == 0
    assert admin.ok("GET", f"/admin/vouchers/{made['id']}") == made
    assert admin.ok("GET", "/admin/vouchers")["total"] == 1

    changed = admin.ok(
        "PATCH", f"/admin/vouchers/{made['id']}", {"value": "20", "usage_limit": None}
    )
    assert (changed["value"], changed["usage_limit"], changed["code"]) == (
        "20.00",
        None,
        "Spring15",
    )

    assert admin.delete(f"/admin/vouchers/{made['id']}").status_code == 204
    error_of(admin.get(f"/admin/vouchers/{made['id']}"), 404)


def test_codes_are_unique_regardless_of_case(shop):
    voucher(shop.admin, code="WINTER")
    error = error_of(
        shop.admin.post("/admin/vouchers", {"code": "winter", "kind": "amount", "value": "5"}), 409
    )
    assert error["code"] == "code_taken"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": "0"}, "value"),
        ({"value": "100.01"}, "value"),
        ({"kind": "amount", "value": "0.00"}, "value"),
        ({"kind": "gift"}, "kind"),
        ({"code": "no spaces"}, "code"),
        (
            {"starts_at": "2026-12-10T00:00:00Z", "ends_at": "2026-12-01T00:00:00Z"},
            "ends_at",
        ),
        ({"usage_limit": 0}, "usage_limit"),
        ({"customers": ["nobody-here"]}, "customers"),
        ({"applies_to": {"brands": [999]}}, "applies_to.brands"),
    ],
)
def test_bad_vouchers_are_refused_with_the_field_named(shop, fields, field):
    error = error_of(
        shop.admin.post(
            "/admin/vouchers", {"code": "BAD1", "kind": "percent", "value": "10", **fields}
        ),
        422,
    )
    assert field in error["fields"]
    assert shop.admin.ok("GET", "/admin/vouchers")["total"] == 0


def test_a_batch_makes_distinct_single_use_codes(shop):
    body = shop.admin.ok(
        "POST",
        "/admin/vouchers/batch",
        {"count": 20, "prefix": "vip", "kind": "amount", "value": "5"},
        201,
    )
    codes = [item["code"] for item in body["items"]]
    assert len(set(codes)) == 20
    assert all(code.startswith("VIP-") and len(code) == 4 + 14 for code in codes)
    assert {item["usage_limit"] for item in body["items"]} == {1}
    assert {item["batch"] for item in body["items"]} == {body["batch"]}


def cart_with(customer, *lines):
    cart = customer.ok("POST", "/carts", None, 201)
    for product, quantity in lines:
        customer.ok(
            "POST",
            f"/carts/{cart['id']}/lines",
            {"product_id": product["id"], "quantity": quantity},
        )
    return cart


def test_a_code_on_the_cart_shows_its_discount_and_checkout_charges_it(api, shop, app, sandbox):
    guitar = shop.product("Telecaster", price="100.00")
    strings = shop.product("Strings", price="9.99")
    voucher(shop.admin, code="TELE", applies_to={"products": [guitar["id"]]}, value="12.5")
    alice = api.customer()
    cart = cart_with(alice, (guitar, 1), (strings, 1))
    applied = alice.ok("POST", f"/carts/{cart['id']}/voucher", {"code": "tele"})
    assert applied["voucher"] == "TELE"
    assert applied["subtotal"] == "109.99"
    assert applied["discount"] == "12.50"
    assert applied["total"] == "97.49"
    assert {line["name"]: line["discount"] for line in applied["lines"]} == {
        "Telecaster": "12.50",
        "Strings": "0.00",
    }
    order = alice.ok("POST", f"/carts/{cart['id']}/checkout", {"card": SUCCESS_CARD}, 201)
    assert (order["voucher"], order["discount"], order["total"]) == ("TELE", "12.50", "97.49")
    assert [row["amount"] for row in sandbox.charges(f"{order['id']}-1")] == ["97.49"]
    assert shop.admin.ok("GET", "/admin/vouchers")["items"][0]["used"] == 1


def test_removing_the_voucher_restores_the_total(api, shop):
    guitar = shop.product("Telecaster", price="100.00")
    voucher(shop.admin, code="TENOFF", kind="amount", value="10")
    alice = api.customer()
    cart = cart_with(alice, (guitar, 1))
    assert alice.ok("POST", f"/carts/{cart['id']}/voucher", {"code": "TENOFF"})["total"] == "90.00"
    removed = alice.ok("DELETE", f"/carts/{cart['id']}/voucher")
    assert (removed["voucher"], removed["discount"], removed["total"]) == (None, "0.00", "100.00")


def test_each_reason_a_code_does_not_apply_has_its_own_answer(api, shop):
    guitar = shop.product("Telecaster", price="100.00")
    other = shop.product("Amp", price="100.00")
    now = utcnow()
    voucher(shop.admin, code="OLD", ends_at=(now - timedelta(days=1)).isoformat())
    voucher(shop.admin, code="SOON", starts_at=(now + timedelta(days=1)).isoformat())
    api.customer("bob")
    voucher(shop.admin, code="BOBS", customers=["bob"])
    voucher(shop.admin, code="BIG", minimum_spend="500.00")
    voucher(shop.admin, code="AMPS", applies_to={"products": [other["id"]]})
    alice = api.customer()
    cart = cart_with(alice, (guitar, 1))
    expected = {
        "NOPE": "voucher_unknown",
        "OLD": "voucher_expired",
        "SOON": "voucher_not_started",
        "BOBS": "voucher_not_yours",
        "BIG": "voucher_minimum_spend",
        "AMPS": "voucher_nothing_applies",
    }
    messages = set()
    for code, reason in expected.items():
        error = error_of(alice.post(f"/carts/{cart['id']}/voucher", {"code": code}), 422)
        assert error["code"] == reason
        messages.add(error["fields"]["voucher"])
    assert len(messages) == len(expected)
    assert alice.ok("GET", f"/carts/{cart['id']}")["voucher"] is None


def test_a_used_up_code_is_refused_and_an_order_with_a_code_shows_it(api, shop, sandbox):
    guitar = shop.product("Telecaster", price="100.00")
    voucher(shop.admin, code="ONCE", kind="amount", value="30", usage_limit=1)
    alice = api.customer()
    line = [{"product_id": guitar["id"], "quantity": 1}]
    order = alice.ok(
        "POST", "/orders", {"lines": line, "card": SUCCESS_CARD, "voucher": "once"}, 201
    )
    assert (order["voucher"], order["discount"], order["total"]) == ("ONCE", "30.00", "70.00")
    assert order["lines"][0]["discount"] == "30.00"
    assert alice.ok("GET", f"/orders/{order['id']}")["discount"] == "30.00"
    error = error_of(
        alice.post("/orders", {"lines": line, "card": SUCCESS_CARD, "voucher": "ONCE"}), 422
    )
    assert error["code"] == "voucher_used_up"
    assert shop.stock_of(guitar) == 4  # the refused order took nothing

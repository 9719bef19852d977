"""The removed-from-cart report by customer: page, CSV and JSON, on a history built by hand."""

from __future__ import annotations

import csv
import io

import pytest

from storefront.payments.cards import parse_card
from storefront.payments.sandbox import SUCCESS_CARD
from storefront.services import buying, carts
from tests import factories
from tests.api_helpers import Api, error_of
from tests.helpers import text_of

CARD = parse_card("Ada Lovelace", SUCCESS_CARD, "1240", "123")


@pytest.fixture
def history(app):
    """alice takes Alpha out twice and buys it later; bob takes Bravo out and does not.

    A guest's removal is no customer's.
    """
    with app.app_context():
        fender, gibson = factories.brand("Fender"), factories.brand("Gibson")
        alpha = factories.product("Alpha", stock=20, brand=fender)
        bravo = factories.product("Bravo", stock=20, brand=gibson)
        alice, bob = factories.user("alice").id, factories.user("bob").id
        first = carts.add_item(None, alice, alpha.id, 3)
        carts.set_quantity(first.id, alice, alpha.id, 1)
        carts.remove_line(first.id, alice, alpha.id)
        carts.add_item(first.id, alice, alpha.id, 1)
        buying.buy(alice, CARD, cart_id=first.id)
        second = carts.add_item(None, bob, bravo.id, 2)
        carts.remove_line(second.id, bob, bravo.id)
        guest = carts.add_item(None, None, bravo.id, 1)
        carts.remove_line(guest.id, None, bravo.id)
        return {"alpha": alpha.slug, "bravo": bravo.slug}


@pytest.fixture
def admin(app, client, auth):
    with app.app_context():
        factories.user("boss", is_admin=True)
    auth.login("boss")
    return client


def test_the_page_shows_who_removed_what_and_whether_they_bought_it(admin, history):
    page = text_of(admin.get("/admin/reports/removed-items?by=customer"))
    assert "Removed from carts, by customer" in page
    assert "<td>alice</td><td>Alpha</td><td>Fender</td>" in page
    assert '<td class="num">2</td><td class="num">3</td>' in page  # alice: twice, 3 units
    assert "<td>bob</td><td>Bravo</td><td>Gibson</td>" in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2  # the guest's removal is nobody's
    by_name = {row.split("</td>")[0].removeprefix("<td>"): row for row in rows}
    assert "<td>yes</td><td><a" in by_name["alice"]
    assert "<td>no</td><td><a" in by_name["bob"]


def test_filters_narrow_the_rows_and_a_bad_one_says_so(admin, history):
    page = text_of(admin.get("/admin/reports/removed-items?by=customer&brand=gibson"))
    assert "<td>bob</td>" in page
    assert "<td>alice</td>" not in page
    page = text_of(
        admin.get(f"/admin/reports/removed-items?by=customer&product={history['alpha']}")
    )
    assert "<td>alice</td>" in page
    assert "<td>bob</td>" not in page
    page = text_of(admin.get("/admin/reports/removed-items?by=customer&category=nope"))
    assert "There is no category" in page


def test_csv_by_customer(admin, history):
    response = admin.get("/admin/reports/removed-items?by=customer&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    found = {(row["username"], row["product"], row["bought_since"]) for row in rows}
    assert found == {("alice", "Alpha", "True"), ("bob", "Bravo", "False")}


def test_json_by_customer(app, history):
    admin = Api(app).admin("chief")
    body = admin.ok("GET", "/admin/reports/removed-items?by=customer")
    found = {
        (item["username"], item["product"], item["times_removed"], item["bought_since"])
        for item in body["items"]
    }
    assert found == {("alice", "Alpha", 2, True), ("bob", "Bravo", 1, False)}
    assert body["total"] == 2
    narrowed = admin.ok("GET", "/admin/reports/removed-items?by=customer&brand=fender")
    assert [item["username"] for item in narrowed["items"]] == ["alice"]
    error = error_of(admin.get("/admin/reports/removed-items?by=customer&brand=nope"), 422)
    assert "brand" in error["fields"]
    csv_text = admin.get("/admin/reports/removed-items?by=customer&format=csv").get_data(True)
    assert csv_text.startswith("user_id,username,product_id")

"""The removed-from-cart report as an admin reads it: table, chart and CSV."""

from __future__ import annotations

import csv
import io

import pytest

from storefront.services import accounts, carts
from tests import factories
from tests.helpers import PASSWORD, AuthActions, text_of


@pytest.fixture
def admin(app, client):
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
        shopper = factories.user("shopper").id
        for number in range(12):
            product = factories.product(f"Thing {number:02d}", stock=50)
            cart = carts.add_item(None, shopper, product.id, number + 2)
            for _ in range(number % 3 + 1):
                line = carts.get_cart(cart.id, shopper).line_for(product.id)
                carts.set_quantity(cart.id, shopper, product.id, line.quantity - 1)
    AuthActions(client).login("boss")
    return client


def test_page_table_chart_and_csv_agree(admin):
    page = text_of(admin.get("/admin/reports/removed-items"))
    assert page.count('<rect class="bar"') == 10  # the ten most-removed of twelve
    assert page.count("<tr><td>Thing") == 12
    assert "Download CSV" in page
    assert "<script" not in page

    response = admin.get("/admin/reports/removed-items?format=csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 13
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Thing 02"][2:4] == ["3", "3"]  # removed three times, one unit each
    assert by_name["Thing 00"][2:4] == ["1", "1"]


def test_names_in_the_chart_are_escaped(app, admin):
    with app.app_context():
        shopper = accounts.find_by_username("shopper").id
        product = factories.product("<svg onload=alert(1)>", stock=5)
        cart = carts.add_item(None, shopper, product.id, 2)
        carts.remove_line(cart.id, shopper, product.id)
    page = text_of(admin.get("/admin/reports/removed-items"))
    assert "<svg onload" not in page
    assert "&lt;svg onload=alert(1)&gt;" in page


def test_bad_dates_fall_back_with_a_message(admin):
    page = text_of(admin.get("/admin/reports/removed-items?since=yesterday&until=2001-01-01"))
    assert "is not a date like 2026-11-01" in page
    assert page.count("<tr><td>Thing") == 12


def test_a_range_with_nothing_in_it(admin):
    page = text_of(admin.get("/admin/reports/removed-items?since=2001-01-01&until=2001-01-31"))
    assert "Nothing was taken out of a cart in this period." in page
    assert '<rect class="bar"' not in page


def test_sort_by_name(admin):
    page = text_of(admin.get("/admin/reports/removed-items?sort=name"))
    table = page[page.index("<table") :]
    assert table.index("Thing 00") < table.index("Thing 05") < table.index("Thing 11")

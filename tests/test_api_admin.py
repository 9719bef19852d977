"""Admins through the API: catalogue edits, stock, lists of carts and orders, the report."""

from __future__ import annotations

import csv
import io

import pytest

from tests.api_helpers import DECLINED_CARD, SUCCESS_CARD, error_of, some_id


@pytest.mark.parametrize("path", ["/brands", "/categories", "/stores"])
def test_named_items_create_edit_and_conflicts(api, path):
    admin = api.admin()
    made = admin.ok("POST", path, {"name": "Acme Things"}, 201)
    assert (made["name"], made["slug"]) == ("Acme Things", "acme-things")
    taken = error_of(admin.post(path, {"name": "ACME things"}), 409)
    assert (taken["code"], list(taken["fields"])) == ("name_taken", ["name"])
    renamed = admin.ok("PATCH", f"{path}/{made['id']}", {"name": "Acme"})
    assert (renamed["name"], renamed["slug"]) == ("Acme", "acme-things")  # the address stays
    assert admin.ok("PATCH", f"{path}/{made['id']}", {"slug": "acme"})["slug"] == "acme"
    assert error_of(admin.patch(f"{path}/999", {"name": "X"}), 404)
    assert set(error_of(admin.post(path, {"name": "", "slug": "Bad Slug"}), 422)["fields"]) == {
        "name"
    }
    assert error_of(admin.post(path, {"name": "Ok", "slug": "Bad Slug"}), 422)["fields"] == {
        "slug": "Slug must be lower-case letters and digits joined by single hyphens."
    }
    assert error_of(admin.post(path, {"name": "Ok", "colour": "red"}), 422)
    assert error_of(admin.post(path, data="name=x"), 415)


def test_store_description(api):
    admin = api.admin()
    store = admin.ok("POST", "/stores", {"name": "Books", "description": "Paper"}, 201)
    assert (
        admin.ok("PATCH", f"/stores/{store['id']}", {"name": "Bookshop"})["description"] == "Paper"
    )
    assert error_of(admin.post("/brands", {"name": "Brand", "description": "x"}), 422)


def test_create_a_product(api, shop):
    product = shop.product("Telecaster", price="899.00", stock=3, description="Solid body")
    assert product["price"] == "899.00"
    assert (product["stock"], product["available"], product["active"]) == (3, 3, True)
    assert product["slug"] == "telecaster"
    assert api.anonymous.ok("GET", f"/products/{product['id']}")["name"] == "Telecaster"
    taken = error_of(shop.admin.post("/products", {**_body(shop), "name": "TELECASTER"}), 409)
    assert taken["code"] == "name_taken"


def _body(shop, **changes):
    body = {
        "name": "X",
        "brand_id": shop.brand["id"],
        "category_id": shop.category["id"],
        "store_id": shop.store["id"],
        "price": "1.00",
        "stock": 1,
    }
    return {**body, **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"price": 12.99}, "price"),
        ({"price": "12.999"}, "price"),
        ({"price": "-1.00"}, "price"),
        ({"stock": -1}, "stock"),
        ({"stock": "3"}, "stock"),
        ({"brand_id": 999}, "brand_id"),
        ({"name": "<script>"}, "name"),
        ({"active": "yes"}, "active"),
        ({"owner": "me"}, "owner"),
    ],
)
def test_bad_products_are_refused(api, shop, changes, field):
    error = error_of(shop.admin.post("/products", _body(shop, **changes)), 422)
    assert field in error["fields"]
    assert api.anonymous.ok("GET", "/products")["total"] == 0


def test_patch_price_stock_and_active(api, shop):
    product = shop.product("Telecaster", price="899.00", stock=3)
    path = f"/products/{product['id']}"
    changed = shop.admin.ok("PATCH", path, {"price": "799.50", "stock": 10})
    assert (changed["price"], changed["stock"], changed["name"]) == ("799.50", 10, "Telecaster")
    assert shop.admin.ok("PATCH", path, {"stock_delta": -4})["stock"] == 6
    alice = api.customer()
    cart = alice.ok("POST", "/carts", status=201)["id"]
    alice.ok("POST", f"/carts/{cart}/lines", {"product_id": product["id"], "quantity": 5})
    below = error_of(shop.admin.patch(path, {"stock": 4}), 409)
    assert (below["code"], list(below["fields"])) == ("stock_below_reserved", ["stock"])
    assert error_of(shop.admin.patch(path, {"stock": 1, "stock_delta": 1}), 422)["fields"] == {
        "stock_delta": "Give either stock or stock_delta, not both."
    }
    switched = shop.admin.ok("PATCH", path, {"active": False})
    assert (switched["active"], switched["available"]) == (False, 0)
    assert api.anonymous.ok("GET", "/products")["items"] == []
    assert error_of(shop.admin.patch(f"/products/{some_id()}", {"price": "1.00"}), 404)


def test_admin_lists(api, shop):
    product = shop.product("Telecaster", stock=10)
    alice = api.customer()
    cart = alice.ok("POST", "/carts", status=201)["id"]
    alice.ok("POST", f"/carts/{cart}/lines", {"product_id": product["id"], "quantity": 2})
    line = {"product_id": product["id"], "quantity": 1}
    paid = alice.ok("POST", "/orders", {"lines": [line], "card": SUCCESS_CARD}, 201)
    pending = error_of(alice.post("/orders", {"lines": [line], "card": DECLINED_CARD}), 402)[
        "order"
    ]

    carts = shop.admin.ok("GET", "/admin/carts")
    assert carts["total"] == 1
    assert carts["items"][0]["user_id"] == alice.user["id"]
    assert carts["items"][0]["lines"][0]["quantity"] == 2
    everything = shop.admin.ok("GET", "/admin/orders")
    assert {order["id"] for order in everything["items"]} == {paid["id"], pending["id"]}
    only_paid = shop.admin.ok("GET", "/admin/orders?status=paid")
    assert [order["id"] for order in only_paid["items"]] == [paid["id"]]
    assert error_of(shop.admin.get("/admin/orders?status=lost"), 422)["fields"]["status"]
    assert shop.admin.ok("GET", "/admin/sales")["items"][0]["quantity"] == 1
    assert shop.admin.ok("GET", "/admin/reservations?per_page=1")["items"][0]["quantity"] == 2


def test_removed_items_report_and_its_csv(api, shop):
    """Adds and removals made through the API are what the report counts."""
    guitar = shop.product("Telecaster", stock=10)
    book = shop.product("Moby Dick", stock=10)
    alice = api.customer()
    first = alice.ok("POST", "/carts", status=201)["id"]
    second = alice.ok("POST", "/carts", status=201)["id"]
    for cart in (first, second):
        for product in (guitar, book):
            alice.ok("POST", f"/carts/{cart}/lines", {"product_id": product["id"], "quantity": 3})
    alice.ok("PUT", f"/carts/{first}/lines/{guitar['id']}", {"quantity": 1})  # 2 out
    alice.ok("DELETE", f"/carts/{second}/lines/{guitar['id']}")  # 3 out
    alice.ok("PUT", f"/carts/{first}/lines/{book['id']}", {"quantity": 5})  # an add: not counted
    alice.ok("POST", f"/carts/{first}/checkout", {"card": SUCCESS_CARD}, 201)

    report = shop.admin.ok("GET", "/admin/reports/removed-items")
    assert report["total"] == 1
    [row] = report["items"]
    assert row == {
        "product_id": guitar["id"],
        "product": "Telecaster",
        "times_removed": 2,
        "quantity_removed": 5,
        "distinct_carts": 2,
        "checked_out_anyway": 1,
        "still_open": 1,
    }
    response = shop.admin.get("/admin/reports/removed-items?format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [{key: str(value) for key, value in row.items()}] == rows

    today = report["until"][:10]
    assert shop.admin.ok("GET", f"/admin/reports/removed-items?since={today}")["total"] == 1
    assert shop.admin.ok("GET", f"/admin/reports/removed-items?until={today}")["total"] == 1
    assert shop.admin.ok("GET", "/admin/reports/removed-items?until=2020-01-01")["items"] == []
    for bad in ("since=yesterday", "until=2020-01-01&since=2021-01-01", "format=xml", "sort=x"):
        assert error_of(shop.admin.get(f"/admin/reports/removed-items?{bad}"), 422)

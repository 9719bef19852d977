"""Carts through the API: lines that reserve stock, several carts, only your own."""

from __future__ import annotations

import pytest

from tests.api_helpers import SUCCESS_CARD, error_of, some_id


def listed(caller, cart_id=None):
    """The catalogue as the caller sees it, by product name."""
    query = f"?cart={cart_id}" if cart_id else ""
    return {item["name"]: item for item in caller.ok("GET", f"/products{query}")["items"]}


def test_reservation_from_first_add_to_sale(api, shop):
    """SPEC 2: a line reserves; buying takes stock; deleting a cart gives its units back."""
    product = shop.product("Telecaster", price="899.00", stock=3)
    alice = api.customer("alice")
    cart = alice.ok("POST", "/carts", status=201)
    assert (cart["lines"], cart["total"], cart["status"]) == ([], "0.00", "active")
    assert listed(alice, cart["id"])["Telecaster"]["available"] == 3

    updated = alice.ok(
        "POST", f"/carts/{cart['id']}/lines", {"product_id": product["id"], "quantity": 2}
    )
    assert updated["id"] == cart["id"]
    assert updated["lines"] == [
        {
            "product_id": product["id"],
            "name": "Telecaster",
            "unit_price": "899.00",
            "quantity": 2,
            "line_total": "1798.00",
            "discount": "0.00",
        }
    ]
    assert (updated["item_count"], updated["total"]) == (2, "1798.00")
    seen = listed(alice, cart["id"])["Telecaster"]
    assert (seen["available"], seen["in_cart"]) == (1, 2)
    reserved = shop.admin.ok("GET", "/admin/reservations")["items"]
    assert [(row["product"], row["quantity"]) for row in reserved] == [("Telecaster", 2)]

    order = alice.ok("POST", f"/carts/{cart['id']}/checkout", {"card": SUCCESS_CARD}, 201)
    assert (order["status"], order["total"]) == ("paid", "1798.00")
    assert shop.stock_of(product) == 1
    assert alice.ok("GET", "/carts")["items"] == []
    assert error_of(alice.get(f"/carts/{cart['id']}"), 404)
    sales = shop.admin.ok("GET", "/admin/sales")["items"]
    assert [(row["product_id"], row["quantity"]) for row in sales] == [(product["id"], 2)]
    assert shop.admin.ok("GET", "/admin/reservations")["items"] == []

    second = alice.ok("POST", "/carts", status=201)
    alice.ok("POST", f"/carts/{second['id']}/lines", {"product_id": product["id"], "quantity": 1})
    assert shop.admin.ok("GET", "/admin/reservations")["total"] == 1
    assert "Telecaster" not in listed(alice)  # the last unit is held: not for sale
    assert alice.delete(f"/carts/{second['id']}").status_code == 204
    assert shop.admin.ok("GET", "/admin/reservations")["items"] == []
    assert listed(alice)["Telecaster"]["available"] == 1


def test_several_carts_each_only_for_its_owner(api, shop):
    product = shop.product("Telecaster", stock=5)
    alice, bob = api.customer("alice"), api.customer("bob")
    first = alice.ok("POST", "/carts", status=201)
    second = alice.ok("POST", "/carts", {}, status=201)
    alice.ok("POST", f"/carts/{first['id']}/lines", {"product_id": product["id"], "quantity": 1})
    assert [cart["id"] for cart in alice.ok("GET", "/carts")["items"]] == [
        first["id"],
        second["id"],
    ]
    assert bob.ok("GET", "/carts")["total"] == 0
    line = {"product_id": product["id"], "quantity": 1}
    for response in (
        bob.get(f"/carts/{first['id']}"),
        bob.delete(f"/carts/{first['id']}"),
        bob.post(f"/carts/{first['id']}/lines", line),
        bob.put(f"/carts/{first['id']}/lines/{product['id']}", {"quantity": 2}),
        bob.delete(f"/carts/{first['id']}/lines/{product['id']}"),
        bob.post(f"/carts/{first['id']}/checkout", {"card": SUCCESS_CARD}),
        alice.get(f"/carts/{some_id()}"),
    ):
        assert error_of(response, 404)["code"] == "not_found"
    assert alice.ok("GET", f"/carts/{first['id']}")["item_count"] == 1
    assert error_of(alice.post("/carts", {"name": "mine"}), 422)["fields"] == {
        "name": "Unknown field."
    }


def test_set_and_remove_lines(api, shop):
    product = shop.product("Telecaster", stock=5)
    alice = api.customer()
    cart = alice.ok("POST", "/carts", status=201)["id"]
    alice.ok("POST", f"/carts/{cart}/lines", {"product_id": product["id"], "quantity": 1})
    alice.ok("POST", f"/carts/{cart}/lines", {"product_id": product["id"], "quantity": 2})
    line = f"/carts/{cart}/lines/{product['id']}"
    assert alice.ok("PUT", line, {"quantity": 5})["lines"][0]["quantity"] == 5
    assert error_of(alice.put(line, {"quantity": 6}), 409)["code"] == "not_enough_stock"
    assert alice.ok("PUT", line, {"quantity": 0})["lines"] == []
    assert error_of(alice.put(line, {"quantity": 1}), 404)  # no such line any more
    alice.ok("POST", f"/carts/{cart}/lines", {"product_id": product["id"], "quantity": 1})
    assert alice.ok("DELETE", line)["lines"] == []
    assert error_of(alice.delete(line), 404)


GOOD = object()  # stands for the product's id


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"product_id": "nope", "quantity": 1}, "product_id"),
        ({"quantity": 1}, "product_id"),
        ({"product_id": None, "quantity": 1}, "product_id"),
        ("product", "body"),
        ({"product_id": GOOD, "quantity": 0}, "quantity"),
        ({"product_id": GOOD}, "quantity"),
        ({"product_id": GOOD, "quantity": 1001}, "quantity"),
        ({"product_id": GOOD, "quantity": "2"}, "quantity"),
        ({"product_id": GOOD, "quantity": 1.5}, "quantity"),
        ({"product_id": GOOD, "quantity": True}, "quantity"),
        ({"product_id": GOOD, "quantity": 1, "colour": "red"}, "colour"),
    ],
)
def test_bad_lines_are_refused_and_change_nothing(api, shop, body, field):
    product = shop.product("Telecaster", stock=5)
    alice = api.customer()
    cart = alice.ok("POST", "/carts", status=201)["id"]
    if isinstance(body, dict):
        body = {key: product["id"] if value is GOOD else value for key, value in body.items()}
    error = error_of(alice.post(f"/carts/{cart}/lines", body), 422)
    assert field in error["fields"], error
    assert alice.ok("GET", f"/carts/{cart}")["lines"] == []


def test_adding_what_cannot_be_had(api, shop):
    alice = api.customer()
    cart = alice.ok("POST", "/carts", status=201)["id"]
    scarce = shop.product("Scarce", stock=1)
    off = shop.product("Switched off", active=False)
    short = error_of(
        alice.post(f"/carts/{cart}/lines", {"product_id": scarce["id"], "quantity": 2}), 409
    )
    assert short == {"code": "not_enough_stock", "message": "Only 1 more Scarce can be added."}
    unavailable = error_of(
        alice.post(f"/carts/{cart}/lines", {"product_id": off["id"], "quantity": 1}), 409
    )
    assert unavailable["code"] == "product_unavailable"
    unknown = error_of(
        alice.post(f"/carts/{cart}/lines", {"product_id": some_id(), "quantity": 1}), 422
    )
    assert unknown["fields"] == {"product_id": "There is no such product."}


def test_bodies_must_be_json(api, shop):
    product = shop.product("Telecaster")
    alice = api.customer()
    cart = alice.ok("POST", "/carts", status=201)["id"]
    path = f"/carts/{cart}/lines"
    as_form = alice.post(path, data={"product_id": product["id"], "quantity": "1"})
    assert error_of(as_form, 415)
    broken = alice.post(path, data='{"quantity": ', content_type="application/json")
    assert error_of(broken, 400)
    assert error_of(alice.post(path, data="", content_type="application/json"), 422)

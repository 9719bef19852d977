"""The order's life through the JSON API: ship, deliver, refunds, cancel; who may; in OpenAPI."""

from __future__ import annotations

import pytest

from tests.api_helpers import SUCCESS_CARD, error_of, some_id


@pytest.fixture
def paid(api, shop):
    product = shop.product("Telecaster", price="100.00", stock=5)
    buyer = api.customer("buyer")
    body = {"lines": [{"product_id": product["id"], "quantity": 2}], "card": SUCCESS_CARD}
    order = buyer.ok("POST", "/orders", body, 201)
    return {"order": order, "buyer": buyer, "admin": shop.admin, "product": product, "shop": shop}


def test_admin_ships_delivers_and_refunds_per_line_then_in_full(paid):
    admin, order_id = paid["admin"], paid["order"]["id"]
    shipped = admin.ok(
        "POST", f"/orders/{order_id}/ship", {"carrier": "DHL", "tracking_number": "JD1"}
    )
    assert shipped["status"] == "shipped"
    assert shipped["carrier"] == "DHL"
    assert [event["kind"] for event in shipped["events"]] == ["paid", "shipped"]
    assert shipped["events"][1]["actor"] == "boss"
    delivered = admin.ok("POST", f"/orders/{order_id}/deliver")
    assert delivered["status"] == "delivered"
    line_id = delivered["lines"][0]["id"]
    body = {"lines": [{"line_id": line_id, "quantity": 1}], "returned": True, "reason": "Dented"}
    part = admin.ok("POST", f"/orders/{order_id}/refunds", body, 201)
    assert part["status"] == "delivered"
    assert part["refunded"] == "100.00"
    assert part["refunds"][0]["status"] == "succeeded"
    assert part["refunds"][0]["lines"] == [
        {"order_line_id": line_id, "quantity": 1, "amount": "100.00", "returned": 1}
    ]
    assert paid["shop"].stock_of(paid["product"]) == 4
    rest = admin.ok("POST", f"/orders/{order_id}/refunds", {}, 201)
    assert rest["status"] == "refunded"
    assert rest["refunded"] == "200.00"
    assert paid["shop"].stock_of(paid["product"]) == 4
    again = error_of(admin.post(f"/orders/{order_id}/refunds", {}), 409)
    assert again["code"] == "invalid_transition"
    mine = paid["buyer"].ok("GET", f"/orders/{order_id}")
    assert [event["kind"] for event in mine["events"]][-1] == "refunded"
    assert len(mine["refunds"]) == 2


def test_customer_cancels_own_paid_order_refunded_in_full(paid):
    order_id = paid["order"]["id"]
    cancelled = paid["buyer"].ok("POST", f"/orders/{order_id}/cancel", {"reason": "Too late"})
    assert cancelled["status"] == "cancelled"
    assert cancelled["refunded"] == "200.00"
    assert paid["shop"].stock_of(paid["product"]) == 5
    twice = error_of(paid["buyer"].post(f"/orders/{order_id}/cancel"), 409)
    assert twice["code"] == "invalid_transition"
    assert paid["shop"].stock_of(paid["product"]) == 5


@pytest.mark.parametrize(
    ("shipped", "call", "code"),
    [
        (False, ("deliver", None), "invalid_transition"),
        (False, ("refunds", {}), "invalid_transition"),
        (True, ("ship", {"carrier": "DHL", "tracking_number": "2"}), "invalid_transition"),
        (True, ("cancel", None), "invalid_transition"),
    ],
)
def test_refused_transitions_answer_409_and_change_nothing(paid, shipped, call, code):
    admin, order_id = paid["admin"], paid["order"]["id"]
    if shipped:
        admin.ok("POST", f"/orders/{order_id}/ship", {"carrier": "DHL", "tracking_number": "1"})
    before = admin.ok("GET", f"/admin/orders/{order_id}")
    error = error_of(admin.post(f"/orders/{order_id}/{call[0]}", call[1]), 409)
    assert error["code"] == code
    assert admin.ok("GET", f"/admin/orders/{order_id}") == before


def test_customers_may_not_ship_deliver_or_refund(paid):
    order_id = paid["order"]["id"]
    for path, body in (
        ("ship", {"carrier": "x", "tracking_number": "y"}),
        ("deliver", None),
        ("refunds", {}),
    ):
        error_of(paid["buyer"].post(f"/orders/{order_id}/{path}", body), 403)


def test_another_customers_order_is_not_found(api, paid):
    stranger = api.customer("stranger")
    error_of(stranger.post(f"/orders/{paid['order']['id']}/cancel"), 404)
    error_of(paid["admin"].post(f"/orders/{some_id()}/deliver"), 404)
    assert paid["buyer"].ok("GET", f"/orders/{paid['order']['id']}")["status"] == "paid"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"carrier": "", "tracking_number": "1"}, "carrier"),
        ({"carrier": "DHL"}, "tracking_number"),
        ({"carrier": "DHL", "tracking_number": "x" * 81}, "tracking_number"),
    ],
)
def test_bad_ship_bodies_are_422(paid, body, field):
    error = error_of(paid["admin"].post(f"/orders/{paid['order']['id']}/ship", body), 422)
    assert field in error["fields"]


@pytest.mark.parametrize(
    "lines",
    [
        [{"line_id": 999999, "quantity": 1}],
        [{"line_id": "1", "quantity": 1}],
        [{"line_id": 1, "quantity": -1}],
        [],
    ],
)
def test_bad_refund_bodies_are_422_and_refund_nothing(paid, lines):
    admin, order_id = paid["admin"], paid["order"]["id"]
    admin.ok("POST", f"/orders/{order_id}/ship", {"carrier": "DHL", "tracking_number": "1"})
    error_of(admin.post(f"/orders/{order_id}/refunds", {"lines": lines}), 422)
    assert admin.ok("GET", f"/admin/orders/{order_id}")["refunds"] == []


def test_more_units_than_left_is_422(paid):
    admin, order_id = paid["admin"], paid["order"]["id"]
    order = admin.ok("POST", f"/orders/{order_id}/ship", {"carrier": "DHL", "tracking_number": "1"})
    body = {"lines": [{"line_id": order["lines"][0]["id"], "quantity": 3}]}
    error = error_of(admin.post(f"/orders/{order_id}/refunds", body), 422)
    assert "refund from 0 to 2 units" in " ".join(error["fields"].values())


def test_openapi_names_each_operation(api):
    spec = api.anonymous.ok("GET", "/openapi.json")
    operations = {
        ("/api/v1/orders/{order_id}/ship", "post"): "shipOrder",
        ("/api/v1/orders/{order_id}/deliver", "post"): "deliverOrder",
        ("/api/v1/orders/{order_id}/refunds", "post"): "refundOrder",
        ("/api/v1/orders/{order_id}/cancel", "post"): "cancelOrder",
        ("/api/v1/admin/orders/{order_id}", "get"): "getAnyOrder",
    }
    for (path, method), operation_id in operations.items():
        assert spec["paths"][path][method]["operationId"] == operation_id
    order = spec["components"]["schemas"]["OrderDetail"]["properties"]
    assert {"events", "refunds", "refunded", "carrier", "tracking_number"} <= set(order)

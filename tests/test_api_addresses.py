"""The API's address book: /api/v1/addresses."""

from __future__ import annotations

import pytest

from storefront.rules import MAX_ADDRESSES
from tests.api_helpers import error_of, some_id

ADA = {
    "full_name": "Ada Lovelace",
    "line1": "12 St James's Square",
    "city": "London",
    "postal_code": "sw1y 4jh",
    "country": "gb",
}


def test_save_list_change_and_delete(api):
    alice = api.customer()
    first = alice.ok("POST", "/addresses", ADA, 201)
    assert first["is_default"] is True
    assert (first["postal_code"], first["country"], first["line2"], first["phone"]) == (
        "SW1Y 4JH",
        "GB",
        None,
        None,
    )
    second = alice.ok(
        "POST", "/addresses", {**ADA, "line1": "2 Other Road", "make_default": True}, 201
    )
    assert second["is_default"] is True
    listed = alice.ok("GET", "/addresses")
    assert [item["line1"] for item in listed["items"]] == ["2 Other Road", ADA["line1"]]
    assert listed["total"] == 2
    changed = alice.ok(
        "PUT", f"/addresses/{first['id']}", {**ADA, "city": "Bath", "phone": "01225 000000"}
    )
    assert (changed["city"], changed["phone"], changed["is_default"]) == (
        "Bath",
        "01225 000000",
        False,
    )
    assert alice.ok("POST", f"/addresses/{first['id']}/default")["is_default"] is True
    assert alice.delete(f"/addresses/{first['id']}").status_code == 204
    remaining = alice.ok("GET", "/addresses")["items"]
    assert [(item["line1"], item["is_default"]) for item in remaining] == [("2 Other Road", True)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**ADA, "country": "ZZ"}, "country"),
        ({**ADA, "city": ""}, "city"),
        ({**ADA, "phone": "abc"}, "phone"),
        ({**ADA, "full_name": 7}, "full_name"),
        ({k: v for k, v in ADA.items() if k != "line1"}, "line1"),
        ({**ADA, "line2": "x" * 121}, "line2"),
        ({**ADA, "postal_code": "12\x0034"}, "postal_code"),
    ],
)
def test_bad_addresses_answer_422_per_field_and_save_nothing(api, body, field):
    alice = api.customer()
    error = error_of(alice.post("/addresses", body), 422)
    assert field in error["fields"]
    assert alice.ok("GET", "/addresses")["total"] == 0


def test_another_customers_address_is_404_and_stays(api):
    bob = api.customer("bob")
    address = bob.ok("POST", "/addresses", ADA, 201)
    alice = api.customer("alice")
    for method, path in (
        ("GET", f"/addresses/{address['id']}"),
        ("DELETE", f"/addresses/{address['id']}"),
        ("POST", f"/addresses/{address['id']}/default"),
        ("GET", f"/addresses/{some_id()}"),
    ):
        assert error_of(alice.call(method, path), 404)["code"] == "not_found"
    error_of(alice.put(f"/addresses/{address['id']}", ADA), 404)
    assert bob.ok("GET", "/addresses")["total"] == 1


def test_the_address_book_has_a_limit(api):
    alice = api.customer()
    for number in range(MAX_ADDRESSES):
        alice.ok("POST", "/addresses", {**ADA, "line1": f"{number} Road"}, 201)
    error = error_of(alice.post("/addresses", ADA), 409)
    assert error["code"] == "address_book_full"
    assert alice.ok("GET", "/addresses?per_page=100")["total"] == MAX_ADDRESSES


def test_operations_are_named_and_the_request_has_an_example(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    post = spec["paths"]["/api/v1/addresses"]["post"]
    assert post["operationId"] == "createAddress"
    assert post["requestBody"]["content"]["application/json"]["example"]["country"] == "GB"
    assert spec["paths"]["/api/v1/addresses"]["get"]["operationId"] == "listAddresses"

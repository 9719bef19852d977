"""GET /api/v1/products?q= answers what the search page does."""

from __future__ import annotations

from tests.api_helpers import error_of


def names(page):
    return [item["name"] for item in page["items"]]


def test_search_is_ranked_with_prefix_and_counts(api, shop):
    shop.product("Telecaster Deluxe", description="A Fender classic")
    shop.product("Jazzmaster", description="Not a telecaster")
    shop.product("Sold out Telecaster", stock=0)
    page = api.anonymous.ok("GET", "/products?q=telecast")
    assert names(page) == ["Telecaster Deluxe", "Jazzmaster"]
    assert page["total"] == 2
    assert names(api.anonymous.ok("GET", "/products?q=telecaster&sort=name")) == [
        "Jazzmaster",
        "Telecaster Deluxe",
    ]
    assert names(api.anonymous.ok("GET", '/products?q="fender classic"')) == ["Telecaster Deluxe"]
    second = api.anonymous.ok("GET", "/products?q=telecaster&per_page=1&page=2")
    assert (names(second), second["total"]) == (["Jazzmaster"], 2)


def test_store_products_can_be_searched(api, shop):
    shop.product("Telecaster")
    page = api.anonymous.ok("GET", f"/stores/{shop.store['id']}/products?q=tele")
    assert names(page) == ["Telecaster"]


def test_bad_search_arguments_are_refused(api, shop):
    assert error_of(api.anonymous.get("/products?sort=relevance"), 422)["fields"]["sort"]
    assert error_of(api.anonymous.get("/products?q=" + "x" * 201), 422)["fields"]["q"]


def test_without_q_the_listing_is_unchanged(api, shop):
    shop.product("B")
    shop.product("A")
    assert names(api.anonymous.ok("GET", "/products")) == ["A", "B"]
    assert names(api.anonymous.ok("GET", "/products?q=")) == ["A", "B"]

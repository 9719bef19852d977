"""Reading the catalogue: listings with filters, sorts and pages, one product, named lists."""

from __future__ import annotations

import pytest

from tests.api_helpers import error_of, some_id


def names(page):
    return [item["name"] for item in page["items"]]


def test_listing_shows_what_is_for_sale_with_money_as_strings(api, shop):
    shop.product("Telecaster", price="899.00", stock=3)
    shop.product("Sold out", stock=0)
    shop.product("Switched off", active=False)
    page = api.anonymous.ok("GET", "/products")
    assert page["page"] == 1
    assert page["per_page"] == 24
    assert page["total"] == 1
    [item] = page["items"]
    assert item["name"] == "Telecaster"
    assert item["price"] == "899.00"
    assert item["available"] == 3
    assert item["brand"] == shop.brand
    assert "in_cart" not in item
    assert "stock" not in item  # units on hand are for admins


def test_filters_sorts_and_pages(api, shop):
    other = shop.admin.ok("POST", "/brands", {"name": "Gibson"}, 201)
    shop.product("B guitar", price="20.00")
    shop.product("A guitar", price="30.00")
    shop.product("C guitar", price="10.00", brand_id=other["id"])

    assert names(api.anonymous.ok("GET", "/products")) == ["A guitar", "B guitar", "C guitar"]
    by_price = api.anonymous.ok("GET", "/products?sort=-price")
    assert names(by_price) == ["A guitar", "B guitar", "C guitar"]
    assert names(api.anonymous.ok("GET", "/products?sort=price"))[0] == "C guitar"
    assert names(api.anonymous.ok("GET", "/products?brand=gibson")) == ["C guitar"]
    assert api.anonymous.ok("GET", "/products?store=guitar-shop&category=guitars")["total"] == 3
    second = api.anonymous.ok("GET", "/products?per_page=2&page=2")
    assert (names(second), second["total"], second["per_page"]) == (["C guitar"], 3, 2)
    assert api.anonymous.ok("GET", "/products?page=9")["items"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("sort=cheapest", "sort"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("per_page=101", "per_page"),
        ("brand=nobody", "brand"),
        ("cart=not-a-uuid", "cart"),
    ],
)
def test_bad_queries_are_refused(api, query, field):
    error = error_of(api.anonymous.get(f"/products?{query}"), 422)
    assert field in error["fields"]


def test_a_named_cart_adds_in_cart_and_needs_its_owner(api, shop):
    shop.product("Telecaster", stock=3)
    shop.product("Stratocaster", stock=3)
    alice, bob = api.customer("alice"), api.customer("bob")
    cart = alice.ok("POST", "/carts", status=201)
    telecaster = alice.ok("GET", "/products")["items"][1]
    alice.ok("POST", f"/carts/{cart['id']}/lines", {"product_id": telecaster["id"], "quantity": 2})

    listed = alice.ok("GET", f"/products?cart={cart['id']}")
    assert {item["name"]: (item["available"], item["in_cart"]) for item in listed["items"]} == {
        "Telecaster": (1, 2),
        "Stratocaster": (3, 0),
    }
    assert error_of(api.anonymous.get(f"/products?cart={cart['id']}"), 401)
    assert error_of(bob.get(f"/products?cart={cart['id']}"), 404)
    assert error_of(alice.get(f"/products?cart={some_id()}"), 404)
    # Without a cart, a token changes nothing, and a bad one is refused.
    assert "in_cart" not in alice.ok("GET", "/products")["items"][0]
    bad = api.anonymous.get("/products", headers={"Authorization": "Bearer nope"})
    assert error_of(bad, 401)


def test_one_product_also_when_not_for_sale(api, shop):
    product = shop.product("Telecaster", stock=2)
    switched_off = shop.product("Switched off", stock=5, active=False)
    assert api.anonymous.ok("GET", f"/products/{product['id']}")["available"] == 2
    off = api.anonymous.ok("GET", f"/products/{switched_off['id']}")
    assert (off["active"], off["available"]) == (False, 0)
    assert error_of(api.anonymous.get(f"/products/{some_id()}"), 404)["code"] == "not_found"
    assert error_of(api.anonymous.get("/products/not-a-uuid"), 404)


def test_brands_categories_and_stores_are_paged_lists(api, shop):
    shop.admin.ok("POST", "/brands", {"name": "Gibson"}, 201)
    brands = api.anonymous.ok("GET", "/brands?per_page=1")
    assert (brands["total"], [brand["name"] for brand in brands["items"]]) == (2, ["Fender"])
    assert api.anonymous.ok("GET", "/categories")["items"] == [shop.category]
    assert api.anonymous.ok("GET", "/stores")["items"] == [shop.store]
    assert error_of(api.anonymous.get("/stores?per_page=0"), 422)["fields"]["per_page"]


def test_a_stores_assortment(api, shop):
    shop.product("Telecaster")
    books = shop.admin.ok("POST", "/stores", {"name": "Books"}, 201)
    shop.product("Moby Dick", store_id=books["id"])
    assert names(api.anonymous.ok("GET", f"/stores/{books['id']}/products")) == ["Moby Dick"]
    guitars = api.anonymous.ok("GET", f"/stores/{shop.store['id']}/products?sort=newest")
    assert names(guitars) == ["Telecaster"]
    assert error_of(api.anonymous.get("/stores/999/products"), 404)
    # The store comes from the path: a store= in the query does not change it.
    also = api.anonymous.ok("GET", f"/stores/{books['id']}/products?store=guitar-shop")
    assert names(also) == ["Moby Dick"]

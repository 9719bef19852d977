"""Shipping methods: the admin's pages and API, and the customers' list."""

from __future__ import annotations

import pytest

from storefront.services import accounts
from tests.api_helpers import error_of
from tests.helpers import PASSWORD, post_form, text_of

EXPRESS = {"name": "Express", "price": "12.00", "free_from": "150.00"}


def names(caller, path="/shipping-methods"):
    return [
        (item["name"], item["price"], item["free_from"]) for item in caller.ok("GET", path)["items"]
    ]


def test_admins_create_change_and_delete_through_the_api(api):
    admin = api.admin()
    made = admin.ok("POST", "/admin/shipping-methods", EXPRESS, 201)
    assert (made["price"], made["free_from"], made["active"], made["needs_address"]) == (
        "12.00",
        "150.00",
        True,
        True,
    )
    assert ("Express", "12.00", "150.00") in names(api.anonymous)
    changed = admin.ok(
        "PATCH", f"/admin/shipping-methods/{made['id']}", {"price": "9.50", "free_from": None}
    )
    assert (changed["name"], changed["price"], changed["free_from"]) == ("Express", "9.50", None)
    admin.ok("PATCH", f"/admin/shipping-methods/{made['id']}", {"active": False})
    assert "Express" not in [name for name, *_ in names(api.anonymous)]
    assert "Express" in [name for name, *_ in names(admin, "/admin/shipping-methods")]
    assert admin.delete(f"/admin/shipping-methods/{made['id']}").status_code == 204
    error_of(admin.get(f"/admin/shipping-methods/{made['id']}"), 404)


def test_customers_see_active_methods_cheapest_first(api):
    admin = api.admin()
    admin.ok("POST", "/admin/shipping-methods", EXPRESS, 201)
    admin.ok("POST", "/admin/shipping-methods", {"name": "Standard", "price": "4.99"}, 201)
    listed = [name for name, *_ in names(api.customer())]
    assert listed.index("Standard") < listed.index("Express")


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "", "price": "1.00"}, 422, "name"),
        ({"name": "Cheap", "price": "-1.00"}, 422, "price"),
        ({"name": "Cheap", "price": "1.001"}, 422, "price"),
        ({"name": "Cheap", "price": "1.00", "free_from": "lots"}, 422, "free_from"),
        ({"name": "Cheap", "price": "1.00", "active": "yes"}, 422, "active"),
        ({"price": "1.00"}, 422, "name"),
    ],
)
def test_bad_methods_are_refused_and_nothing_is_made(api, body, status, field):
    admin = api.admin()
    before = names(admin, "/admin/shipping-methods")
    error = error_of(admin.post("/admin/shipping-methods", body), status)
    assert field in error["fields"]
    assert names(admin, "/admin/shipping-methods") == before


def test_names_are_unique_regardless_of_case(api):
    admin = api.admin()
    admin.ok("POST", "/admin/shipping-methods", EXPRESS, 201)
    error = error_of(admin.post("/admin/shipping-methods", {**EXPRESS, "name": "EXPRESS"}), 409)
    assert error["code"] == "name_taken"


def test_customers_cannot_manage_methods(api):
    error_of(api.customer().post("/admin/shipping-methods", EXPRESS), 403)


def admin_client(app, client, auth):
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
    auth.login("boss")
    return client


def test_admin_pages_add_edit_and_delete(app, client, auth):
    admin_client(app, client, auth)
    response = post_form(
        client,
        "/admin/shipping/new",
        {"name": "Courier", "price": "7.50", "free_from": "", "needs_address": "y", "active": "y"},
    )
    assert response.status_code == 302
    page = text_of(client.get("/admin/shipping/"))
    assert "Shipping method Courier was saved." in page
    assert "$7.50" in page
    with app.app_context():
        from storefront.services import shipping_methods

        method = next(m for m in shipping_methods.list_methods() if m.name == "Courier")
        method_id = method.id
    edit = text_of(client.get(f"/admin/shipping/{method_id}"))
    assert 'value="7.50"' in edit
    post_form(
        client,
        f"/admin/shipping/{method_id}",
        {"name": "Courier", "price": "8.00", "free_from": "80"},
    )
    page = text_of(client.get("/admin/shipping/"))
    assert "$8.00" in page
    assert "$80.00" in page
    post_form(client, f"/admin/shipping/{method_id}/delete", page="/admin/shipping/")
    assert "Courier" not in text_of(client.get("/admin/shipping/"))


def test_admin_form_shows_field_errors_and_saves_nothing(app, client, auth):
    admin_client(app, client, auth)
    response = post_form(client, "/admin/shipping/new", {"name": "Courier", "price": "cheap"})
    assert response.status_code == 200
    assert "Price must be an amount like 12.99" in text_of(response)
    assert "Courier" not in text_of(client.get("/admin/shipping/"))


def test_customers_get_403_on_the_admin_pages(client, auth):
    auth.register("alice")
    assert client.get("/admin/shipping/").status_code == 403


def test_the_demo_has_methods_and_an_address_for_the_demo_customer(app, runner, api):
    first = runner.invoke(args=["seed-demo", "--products", "30"])
    assert first.exit_code == 0, first.output
    assert runner.invoke(args=["seed-demo", "--products", "30"]).exit_code == 0
    listed = names(api.anonymous)
    assert listed[0] == ("Collect in store", "0.00", None)
    assert ("Standard delivery", "4.99", "50.00") in listed
    assert len(listed) == 3  # seeding twice adds nothing
    with app.app_context():
        from storefront.services import addresses

        user = accounts.find_by_username("demo")
        [address] = addresses.list_addresses(user.id)
        assert address.is_default

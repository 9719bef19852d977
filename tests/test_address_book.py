"""The address book at /account/addresses: add, edit, delete, make default; clear field errors."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import Address
from storefront.services import accounts
from tests.helpers import post_form, text_of

HOME = {
    "full_name": "Alice Liddell",
    "line1": "7 Christ Church",
    "line2": "",
    "city": "Oxford",
    "postal_code": "ox1 1dp",
    "country": "GB",
    "phone": "+44 1865 000000",
}
WORK = {**HOME, "line1": "1 Broad Street", "postal_code": "OX1 3AS", "phone": ""}


def saved(app, username="alice"):
    with app.app_context():
        user = accounts.find_by_username(username)
        rows = db.session.scalars(
            select(Address).where(Address.user_id == user.id).order_by(Address.created_at)
        )
        return [(row.line1, row.postal_code, row.country, row.is_default) for row in rows]


def add(client, data):
    return post_form(client, "/account/addresses/new", data)


def test_the_form_has_the_spec_labels_and_every_country(client, auth):
    auth.register("alice")
    page = text_of(client.get("/account/addresses/new"))
    for label in ("Full name", "Address line 1", "Address line 2", "City", "Postal code"):
        assert f">{label}</label>" in page
    assert ">Country</label>" in page
    assert ">Phone</label>" in page
    assert '<option value="GB">United Kingdom</option>' in page
    assert '<option value="NZ">New Zealand</option>' in page


def test_the_first_address_becomes_the_default_and_shows_on_the_list(app, client, auth):
    auth.register("alice")
    response = add(client, HOME)
    assert response.status_code == 302
    assert saved(app) == [("7 Christ Church", "OX1 1DP", "GB", True)]
    page = text_of(client.get("/account/addresses"))
    assert "The address was saved." in page
    assert "Default address" in page
    assert "United Kingdom" in page
    assert "OX1 1DP Oxford" in page


def test_make_default_moves_the_default(app, client, auth):
    auth.register("alice")
    add(client, HOME)
    add(client, WORK)
    assert [row[3] for row in saved(app)] == [True, False]
    with app.app_context():
        work_id = db.session.scalar(select(Address.id).where(Address.line1 == "1 Broad Street"))
    response = post_form(client, f"/account/addresses/{work_id}/default", page="/account/addresses")
    assert response.status_code == 302
    assert [row[3] for row in saved(app)] == [False, True]


def test_edit_changes_the_address(app, client, auth):
    auth.register("alice")
    add(client, HOME)
    with app.app_context():
        address_id = db.session.scalar(select(Address.id))
    page = text_of(client.get(f"/account/addresses/{address_id}"))
    assert 'value="7 Christ Church"' in page
    post_form(client, f"/account/addresses/{address_id}", {**HOME, "city": "Abingdon"})
    with app.app_context():
        assert db.session.get(Address, address_id).city == "Abingdon"


def test_deleting_the_default_passes_it_to_the_oldest_left(app, client, auth):
    auth.register("alice")
    add(client, HOME)
    add(client, WORK)
    with app.app_context():
        home_id = db.session.scalar(select(Address.id).where(Address.line1 == HOME["line1"]))
    post_form(client, f"/account/addresses/{home_id}/delete", page="/account/addresses")
    assert saved(app) == [("1 Broad Street", "OX1 3AS", "GB", True)]


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"full_name": ""}, "Full name is required."),
        ({"line1": "   "}, "Address line 1 is required."),
        ({"city": "x" * 81}, "City must be at most 80 characters."),
        ({"postal_code": "<script>"}, "Postal code may hold only letters"),
        ({"country": "XX"}, "Choose a country"),
        ({"country": ""}, "Choose a country"),
        ({"phone": "call me"}, "Phone must be at least 5 digits"),
    ],
)
def test_bad_input_shows_the_field_error_and_saves_nothing(
    app, client, auth, change, field_message
):
    auth.register("alice")
    response = add(client, {**HOME, **change})
    assert response.status_code == 200
    page = text_of(response)
    assert field_message in page
    assert 'aria-invalid="true"' in page
    assert saved(app) == []


def test_a_bad_edit_changes_nothing(app, client, auth):
    auth.register("alice")
    add(client, HOME)
    with app.app_context():
        address_id = db.session.scalar(select(Address.id))
    response = post_form(client, f"/account/addresses/{address_id}", {**HOME, "city": ""})
    assert "City is required." in text_of(response)
    assert saved(app) == [("7 Christ Church", "OX1 1DP", "GB", True)]


def test_without_the_csrf_token_nothing_is_saved(app, client, auth):
    auth.register("alice")
    response = client.post("/account/addresses/new", data=HOME)
    assert response.status_code in (200, 400)
    assert saved(app) == []


def test_another_customers_address_is_404(app, client, auth):
    auth.register("bob")
    add(client, HOME)
    with app.app_context():
        bobs = db.session.scalar(select(Address.id))
    auth.logout()
    auth.register("alice")
    assert client.get(f"/account/addresses/{bobs}").status_code == 404
    response = post_form(client, f"/account/addresses/{bobs}/delete", page="/account/addresses")
    assert response.status_code == 404
    assert saved(app, "bob") == [("7 Christ Church", "OX1 1DP", "GB", True)]


def test_guests_are_sent_to_log_in(client):
    response = client.get("/account/addresses")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]

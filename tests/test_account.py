"""The account page: a customer's own name and e-mail."""

from __future__ import annotations

from storefront.services import accounts
from tests.helpers import post_form, text_of


def test_account_page_has_the_form(client, auth):
    auth.register("alice")
    page = text_of(client.get("/account"))
    assert ">Name</label>" in page
    assert ">Email</label>" in page
    assert 'value="Save"' in page


def test_save_name_and_email(app, client, auth):
    auth.register("alice")
    response = post_form(
        client, "/account", {"name": "Alice Liddell", "email": "Alice@Example.com"}
    )
    assert response.status_code == 302
    page = text_of(client.get("/account"))
    assert "Your profile was saved." in page
    assert 'value="Alice Liddell"' in page
    with app.app_context():
        user = accounts.find_by_username("alice")
        assert user.email == "Alice@example.com"  # the domain is normalised


def test_invalid_email_is_refused_and_changes_nothing(app, client, auth):
    auth.register("alice")
    post_form(client, "/account", {"name": "Alice", "email": "alice@example.com"})
    response = post_form(client, "/account", {"name": "Mallory", "email": "not-an-address"})
    assert response.status_code == 200
    assert "Email is not valid" in text_of(response)
    with app.app_context():
        user = accounts.find_by_username("alice")
        assert (user.name, user.email) == ("Alice", "alice@example.com")


def test_too_long_name_is_refused(client, auth):
    auth.register("alice")
    response = post_form(client, "/account", {"name": "x" * 121, "email": ""})
    assert response.status_code == 200
    assert "120 characters" in text_of(response)


def test_empty_fields_clear_the_profile(app, client, auth):
    auth.register("alice")
    post_form(client, "/account", {"name": "Alice", "email": "alice@example.com"})
    post_form(client, "/account", {"name": "", "email": ""})
    with app.app_context():
        user = accounts.find_by_username("alice")
        assert (user.name, user.email) == (None, None)

"""Registering, logging in and out, through the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import User, WebSession
from tests import factories
from tests.helpers import PASSWORD, location_path, post_form, text_of


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_creates_account_and_logs_in(app, client, auth):
    response = auth.register("alice")
    assert response.status_code == 302
    assert location_path(response) == "/products"
    page = text_of(client.get("/account"))
    assert "alice" in page
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.username == "alice"
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash


def test_register_refuses_username_taken_in_another_case(app, client, auth):
    auth.register("alice")
    auth.logout()
    response = auth.register("ALICE")
    assert response.status_code == 200
    assert "That username is taken." in text_of(response)
    assert count_users(app) == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"username": "ab"}, "Username must be 3 to 32 characters"),
        ({"username": "x" * 33}, "Username must be 3 to 32 characters"),
        ({"username": "bad name!"}, "Username must be 3 to 32 characters"),
        ({"username": ""}, "This field is required."),
        ({"password": "short", "confirm": "short"}, "Password must be at least 12 characters."),
        ({"password": ""}, "This field is required."),
        ({"confirm": "something else entirely"}, "The passwords do not match."),
    ],
)
def test_register_rejects_each_invalid_field(app, client, form, message):
    data = {"username": "valid_name", "password": PASSWORD, "confirm": PASSWORD, **form}
    response = post_form(client, "/register", data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert count_users(app) == 0


def test_register_page_has_labelled_fields(client):
    page = text_of(client.get("/register"))
    for label in ("Username", "Password", "Confirm password"):
        assert f">{label}</label>" in page
    assert 'value="Register"' in page


def test_login_succeeds(client, auth):
    auth.register("alice")
    auth.logout()
    response = auth.login("alice")
    assert response.status_code == 302
    assert "alice" in text_of(client.get("/account"))


def test_login_username_is_case_insensitive(client, auth):
    auth.register("alice")
    auth.logout()
    assert auth.login("Alice").status_code == 302


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong password!"), ("nobody", PASSWORD)]
)
def test_login_failure_says_the_same_thing(client, auth, username, password):
    auth.register("alice")
    auth.logout()
    response = auth.login(username, password)
    assert response.status_code == 200
    assert "Invalid username or password." in text_of(response)
    assert client.get("/account").status_code == 302


def test_account_needs_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert location_path(response) == "/login?next=%2Faccount"


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, auth):
    auth.register("alice")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert client.get("/account").status_code == 200
    auth.logout()
    assert client.get("/account").status_code == 302

    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    response = thief.get("/account")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    with app.app_context():
        stored = db.session.scalar(select(WebSession).where(WebSession.session_id.contains(cookie)))
        assert stored is None


def test_login_starts_a_new_session(app, client, auth):
    auth.register("alice")
    auth.logout()
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None  # nothing left behind
    with app.app_context():
        guitar = str(factories.product("Les Paul", stock=3).id)
    # A guest's session, kept for their cart: the kind an attacker could plant.
    post_form(client, "/cart/add", {"product_id": guitar, "quantity": "1"}, page="/")
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    auth.login("alice")
    after = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert before != after
    fixated = app.test_client()
    fixated.set_cookie(app.config["SESSION_COOKIE_NAME"], before)
    assert fixated.get("/account").status_code == 302


def test_logout_is_a_post_only(client, auth):
    auth.register("alice")
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "evil"],
)
def test_unsafe_next_is_ignored(client, auth, target):
    auth.register("alice")
    auth.logout()
    response = auth.login("alice", next=target)
    assert response.status_code == 302
    assert location_path(response) == "/products"


def test_local_next_is_followed(client, auth):
    auth.register("alice")
    auth.logout()
    response = auth.login("alice", next="/account")
    assert location_path(response) == "/account"


def test_eleventh_failed_login_in_a_minute_is_throttled(client, auth):
    auth.register("alice")
    auth.logout()
    for _ in range(10):
        assert auth.login("alice", "wrong password!").status_code == 200
    response = auth.login("alice", "wrong password!")
    assert response.status_code == 429
    assert "Try again in" in text_of(response)
    assert int(response.headers["Retry-After"]) > 0
    # even the right password waits
    assert auth.login("alice").status_code == 429


def test_guessing_from_other_addresses_does_not_lock_the_user_out(app, auth):
    """Ten failures, each from its own address, lock nobody out (the per-account bucket,
    for browsers the account never logged in from, is 100 an hour: test_login_throttle.py)."""
    auth.register("alice")
    auth.logout()
    for number in range(10):
        other = app.test_client()
        other.environ_base["REMOTE_ADDR"] = f"10.0.0.{number}"
        assert (
            post_form(
                other, "/login", {"username": "alice", "password": "nope nope nope"}
            ).status_code
            == 200
        )
    fresh = app.test_client()
    fresh.environ_base["REMOTE_ADDR"] = "10.0.1.1"
    response = post_form(fresh, "/login", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302


def test_successful_logins_are_not_throttled(client, auth):
    auth.register("alice")
    for _ in range(12):
        auth.logout()
        assert auth.login("alice").status_code == 302


def test_form_post_without_csrf_token_is_rejected_and_changes_nothing(app, client):
    response = client.post(
        "/register", data={"username": "mallory", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert response.status_code == 400
    assert "The form had expired" in text_of(response)
    assert count_users(app) == 0


def test_logout_without_csrf_token_keeps_user_logged_in(client, auth):
    auth.register("alice")
    response = client.post("/logout")
    assert response.status_code == 400
    assert client.get("/account").status_code == 200

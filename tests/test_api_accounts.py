"""Registering, tokens (shown once, kept as a hash, revocable, throttled), the profile."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import ApiToken
from storefront.services import tokens
from tests.api_helpers import Api, Caller, error_of
from tests.helpers import PASSWORD, post_form


def test_register_answers_the_user_without_the_password(api):
    response = api.anonymous.post(
        "/users", {"username": "ada", "password": PASSWORD, "email": "ada@example.com"}
    )
    assert response.status_code == 201
    user = response.get_json()
    assert user["username"] == "ada"
    assert user["email"] == "ada@example.com"
    assert user["is_admin"] is False
    assert "password" not in response.get_data(as_text=True)


def test_register_refuses_bad_values_taken_names_and_unknown_fields(api):
    api.customer("ada")
    taken = error_of(api.anonymous.post("/users", {"username": "ADA", "password": PASSWORD}), 409)
    assert taken["code"] == "username_taken"
    assert "username" in taken["fields"]

    bad = error_of(
        api.anonymous.post("/users", {"username": "a!", "password": "short", "is_admin": True}),
        422,
    )
    assert set(bad["fields"]) == {"password", "is_admin"}
    assert error_of(api.anonymous.post("/users", {"username": "a!", "password": PASSWORD}), 422)[
        "fields"
    ] == {
        "username": "Username must be 3 to 32 characters: letters, digits, dot, underscore "
        "or hyphen."
    }
    assert error_of(
        api.anonymous.post(
            "/users", {"username": "bob", "password": PASSWORD, "email": "not an address"}
        ),
        422,
    )["fields"]["email"].startswith("Email is not valid")


def test_a_body_that_is_not_json(api):
    client = api.anonymous.client
    malformed = client.post("/api/v1/users", data="{", content_type="application/json")
    assert error_of(malformed, 400)["message"] == "The body is not valid JSON."
    form = client.post("/api/v1/users", data={"username": "ada", "password": PASSWORD})
    assert error_of(form, 415)["code"] == "unsupported_media_type"
    listed = client.post("/api/v1/users", json=["ada"])
    assert error_of(listed, 422)["fields"]


def test_a_token_is_shown_once_and_only_its_hash_is_kept(api, app):
    caller = api.customer("ada")
    assert len(caller.token) >= 40
    with app.app_context():
        stored = db.session.scalars(select(ApiToken)).one()
        assert stored.token_hash == tokens.hash_token(caller.token)
        assert stored.token_hash != caller.token
        # Nowhere in the database: not in any table's text.
        for table in db.metadata.sorted_tables:
            everything = text(f'SELECT * FROM "{table.name}"')  # noqa: S608 (our table names)
            for row in db.session.execute(everything):
                assert caller.token not in " ".join(str(value) for value in row)
    assert caller.get("/me").get_json()["username"] == "ada"


def test_wrong_password_or_unknown_user(api):
    api.customer("ada")
    for body in (
        {"username": "ada", "password": "wrong password!"},
        {"username": "nobody", "password": PASSWORD},
    ):
        assert error_of(api.anonymous.post("/tokens", body), 401)["code"] == "unauthorized"
    assert error_of(api.anonymous.post("/tokens", {"username": "ada"}), 422)["fields"] == {
        "password": "Missing data for required field."
    }


def test_revoked_token_opens_nothing_but_others_still_work(api):
    first = api.customer("ada")
    second = api.login("ada")
    response = first.delete("/tokens/current")
    assert response.status_code == 204
    assert response.get_data() == b""
    assert error_of(first.get("/me"), 401)["message"] == "The token is not valid, or was revoked."
    assert error_of(first.delete("/tokens/current"), 401)
    assert second.get("/me").status_code == 200


def test_bad_authorization_headers(api):
    api.customer("ada")
    client = api.anonymous.client
    for header in ("Bearer", "Bearer   ", "Basic YWRhOnB3", "Bearer not-a-token", "token"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert error_of(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert error_of(client.get("/api/v1/me"), 401)


def test_last_used_is_noted_at_most_once_a_minute(api, app):
    caller = api.customer("ada")
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).one().last_used_at is None
    caller.get("/me")
    with app.app_context():
        first = db.session.scalars(select(ApiToken)).one().last_used_at
    assert first is not None
    caller.get("/me")
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).one().last_used_at == first
        with write_transaction() as session:  # as if two minutes went by
            session.scalars(select(ApiToken)).one().last_used_at = first - timedelta(minutes=2)
    caller.get("/me")
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).one().last_used_at > first


def test_the_eleventh_failed_try_in_a_minute_is_refused(api):
    api.customer("ada")
    wrong = {"username": "ada", "password": "wrong password!"}
    for _ in range(10):
        assert api.anonymous.post("/tokens", wrong).status_code == 401
    refused = api.anonymous.post("/tokens", wrong)
    assert error_of(refused, 429)["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0
    # Even the right password waits: this client's bucket is over its limit.
    assert (
        api.anonymous.post("/tokens", {"username": "ada", "password": PASSWORD}).status_code == 429
    )


def test_failed_tries_count_across_the_login_page_and_the_api(make_app):
    app = make_app(WTF_CSRF_ENABLED=False)
    api = Api(app)
    api.customer("ada")
    page = app.test_client()
    for _ in range(10):  # the log-in page, with CSRF off for brevity
        assert (
            page.post("/login", data={"username": "ada", "password": "wrong!"}).status_code == 200
        )
    # A client that never logged in as ada (api.anonymous did, and carries her device cookie).
    stranger = Caller(app.test_client())
    assert stranger.post("/tokens", {"username": "ada", "password": PASSWORD}).status_code == 429


def test_successful_tries_are_not_counted(api):
    api.customer("ada")
    for _ in range(12):
        api.login("ada")


def test_profile_read_and_change(api):
    caller = api.customer("ada")
    assert caller.get("/me").get_json()["name"] is None
    changed = caller.ok("PATCH", "/me", {"name": " Ada Lovelace ", "email": "ADA@Example.com"})
    assert changed["name"] == "Ada Lovelace"
    assert changed["email"] == "ADA@example.com"
    kept = caller.ok("PATCH", "/me", {"name": "Ada"})
    assert kept["email"] == "ADA@example.com"
    cleared = caller.ok("PATCH", "/me", {"email": None})
    assert cleared["email"] is None
    bad = error_of(caller.patch("/me", {"email": "nope", "username": "eve"}), 422)
    assert set(bad["fields"]) == {"username"}  # unknown fields are refused before anything
    assert set(error_of(caller.patch("/me", {"email": "nope"}), 422)["fields"]) == {"email"}
    assert error_of(Caller(caller.client).patch("/me", {"name": "x"}), 401)
    assert error_of(caller.patch("/me", data="name=x", content_type="text/plain"), 415)


def test_the_api_needs_no_csrf_token_and_ignores_cookies(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert (
        client.post("/api/v1/users", json={"username": "ada", "password": PASSWORD}).status_code
        == 201
    )
    # A logged-in browser session does not authenticate API calls.
    post_form(client, "/login", {"username": "ada", "password": PASSWORD})
    assert client.get("/api/v1/me").status_code == 401

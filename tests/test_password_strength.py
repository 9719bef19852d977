"""Common and guessable passwords are refused, saying why, on every door that sets one
(issue "Hardening", finding 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import User
from tests.helpers import PASSWORD, post_form, text_of

WEAK = ["aaaaaaaaaaaa", "password1234", "qwertyuiop123", "123456789012"]


def users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("password", WEAK)
def test_the_register_page_refuses_a_guessable_password(app, client, password):
    data = {"username": "alice", "password": password, "confirm": password}
    page = text_of(post_form(client, "/register", data))
    assert "This password is too easy to guess." in page
    assert users(app) == 0


def test_the_username_itself_does_not_make_a_password(app, client):
    password = "mallory-the-great"
    data = {"username": "mallory-the-great", "password": password, "confirm": password}
    assert "too easy to guess" in text_of(post_form(client, "/register", data))
    assert users(app) == 0


@pytest.mark.parametrize("password", WEAK)
def test_the_api_refuses_a_guessable_password(api, password):
    answer = api.anonymous.call("POST", "/users", {"username": "alice", "password": password})
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert set(error["fields"]) == {"password"}
    assert error["fields"]["password"].startswith("This password is too easy to guess.")
    assert users(api.app) == 0


def test_a_strong_password_is_taken_everywhere(app, client, api, runner):
    data = {"username": "alice", "password": PASSWORD, "confirm": PASSWORD}
    assert post_form(client, "/register", data).status_code == 302
    api.anonymous.ok("POST", "/users", {"username": "bob", "password": "violet staple engine"}, 201)
    result = runner.invoke(
        args=["create-admin", "boss", "--password-stdin"], input="aaaaaaaaaaaa\n"
    )
    assert result.exit_code != 0
    assert "too easy to guess" in result.output
    assert users(app) == 2

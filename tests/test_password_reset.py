"""Password reset end to end: the form, the e-mail through a real SMTP server, the new password."""

from __future__ import annotations

import logging
import re
import time

import pytest
from itsdangerous import TimestampSigner

from storefront.services import password_reset
from storefront.services.mail_delivery import deliver_due
from tests import factories
from tests.helpers import PASSWORD, AuthActions, csrf_token, post_form, text_of
from tests.mail_helpers import outbox, parts
from tests.test_cart_concurrency import run_at_once

NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"http://127\.0\.0\.1:5000(/password/reset/[A-Za-z0-9._-]+)")


@pytest.fixture
def ada(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    with app.app_context():
        return factories.user("ada", email="Ada@Example.com", name="Ada Lovelace").id


def ask_for_link(client, email="ada@example.com"):
    return post_form(client, "/password/reset", {"email": email})


def link_from(smtp_server) -> str:
    [message] = smtp_server.inbox.messages
    return LINK.search(parts(message)["plain"]).group(1)


def test_the_login_page_leads_to_the_request_form(client):
    login = text_of(client.get("/login"))
    assert 'href="/password/reset"' in login
    assert "Forgot password?" in login
    page = text_of(client.get("/password/reset"))
    assert '<label for="email">Email</label>' in page
    assert 'value="Send reset link"' in page


def test_known_and_unknown_addresses_get_the_same_answer(app, client, ada):
    known = ask_for_link(client, "ADA@example.com")
    known_page = text_of(client.get("/login"))
    unknown = ask_for_link(client, "nobody@example.com")
    unknown_page = text_of(client.get("/login"))
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"] == "/login"
    assert "If an account has that e-mail address" in known_page
    assert _flashes(known_page) == _flashes(unknown_page)
    with app.app_context():
        assert [row.to_address for row in outbox()] == ["Ada@example.com"]


def _flashes(page: str) -> str:
    return page.split('<section class="flashes"', 1)[1].split("</section>", 1)[0]


def test_a_malformed_address_is_a_form_error_and_sends_nothing(app, client, ada):
    response = ask_for_link(client, "not an address")
    assert response.status_code == 200
    assert "Email is not valid" in text_of(response)
    with app.app_context():
        assert outbox() == []


def test_reset_end_to_end_ends_every_other_session_and_token(app, client, ada, smtp_server, api):
    other_browser = app.test_client()
    AuthActions(other_browser).login("ada")
    assert other_browser.get("/account").status_code == 200
    api_caller = api.login("ada")
    assert api_caller.get("/me").status_code == 200

    ask_for_link(client)
    with app.app_context():
        assert deliver_due().sent == 1
    [message] = smtp_server.inbox.messages
    assert message["To"] == "Ada@example.com"
    assert message["Subject"] == "Set a new password for Storefront"
    assert "for 60 minutes" in parts(message)["plain"]
    link = link_from(smtp_server)
    assert link in parts(message)["html"]

    form = text_of(client.get(link))
    for label in ("New password", "Confirm password"):
        assert f">{label}</label>" in form
    assert 'value="Set password"' in form
    response = post_form(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert "Your new password is set" in text_of(client.get("/"))
    assert client.get("/account").status_code == 200  # this browser is logged in

    assert other_browser.get("/account").status_code == 302  # signed out
    assert api_caller.get("/me").status_code == 401
    fresh = app.test_client()
    assert "Invalid username or password" in text_of(AuthActions(fresh).login("ada"))
    assert AuthActions(fresh).login("ada", NEW_PASSWORD).status_code == 302

    again = client.get(link)  # single use
    assert again.status_code == 400
    assert "expired or has already been used" in text_of(again)


def test_an_expired_link_is_refused(app, client, ada, monkeypatch):
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 3601)
    with app.app_context():
        from storefront.services.accounts import get_user

        token = password_reset.make_token(get_user(ada))
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "expired" in text_of(response)


@pytest.mark.parametrize("token", ["nonsense", "eyJ1c2VyIjoiMSJ9.Zz.forged"])
def test_a_forged_link_is_refused(client, token):
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400


def test_a_bad_new_password_changes_nothing(app, client, ada, smtp_server):
    ask_for_link(client)
    with app.app_context():
        deliver_due()
    link = link_from(smtp_server)
    short = post_form(client, link, {"password": "short", "confirm": "short"})
    assert "at least 12 characters" in text_of(short)
    mismatch = post_form(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "The passwords do not match." in text_of(mismatch)
    assert AuthActions(app.test_client()).login("ada", PASSWORD).status_code == 302
    assert client.get(link).status_code == 200  # still usable


def test_the_request_form_is_throttled_like_login(make_app):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    token = csrf_token(client, "/password/reset")
    codes = [
        client.post(
            "/password/reset", data={"email": "x@example.com", "csrf_token": token}
        ).status_code
        for _ in range(4)
    ]
    assert codes == [302, 302, 302, 429]


def test_the_same_link_used_twice_at_once_sets_one_password(app, ada):
    with app.app_context():
        from storefront.services.accounts import get_user

        token = password_reset.make_token(get_user(ada))

    def use(number):
        try:
            password_reset.reset_password(token, f"{NEW_PASSWORD} {number}")
        except password_reset.InvalidResetLink:
            return "refused"
        return number

    outcomes = run_at_once(app, 4, use)
    assert outcomes.count("refused") == 3
    [winner] = [outcome for outcome in outcomes if outcome != "refused"]
    with app.app_context():
        from storefront.services import accounts

        assert accounts.authenticate("ada", f"{NEW_PASSWORD} {winner}") is not None


def test_the_request_log_never_shows_the_token(app, client, ada, smtp_server, caplog):
    ask_for_link(client)
    with app.app_context():
        deliver_due()
    link = link_from(smtp_server)
    with caplog.at_level(logging.INFO, logger="storefront"):
        client.get(link)
    token = link.rsplit("/", 1)[1]
    assert "/password/reset/<token>" in caplog.text
    assert token not in caplog.text

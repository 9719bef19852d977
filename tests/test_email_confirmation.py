"""Double opt-in: a saved address gets a link by e-mail; following it confirms that address."""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from storefront.extensions import db
from storefront.models import User
from storefront.services import accounts, email_confirmation, marketing
from storefront.services.mail_delivery import deliver_due
from tests import factories
from tests.helpers import location_path, post_form, text_of
from tests.mail_helpers import outbox, parts

LINK = re.compile(r"http://127\.0\.0\.1:5000(/account/confirm-email/[A-Za-z0-9._-]+)")


@pytest.fixture
def smtp_app(app, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    return app


def save_profile(client, email, offers=False):
    data = {"name": "Alice", "email": email}
    if offers:
        data["offers_consent"] = "y"
    return post_form(client, "/account", data)


def delivered_link(app, smtp_server, to):
    with app.app_context():
        deliver_due()
    [message] = smtp_server.inbox.to(to)[-1:]
    assert message["Subject"] == "Confirm your e-mail address for Storefront"
    return LINK.search(parts(message)["plain"]).group(1)


def user_row(app, username="alice"):
    with app.app_context():
        db.session.rollback()
        return accounts.find_by_username(username)


def offer_recipients(app):
    with app.app_context():
        db.session.rollback()
        return set(db.session.scalars(select(User.username).where(marketing.offers_allowed())))


def test_the_account_page_offers_consent_off_by_default(client, auth):
    auth.register("alice")
    page = text_of(client.get("/account"))
    assert "Send me offers by e-mail" in page
    assert 'id="offers_consent" name="offers_consent" type="checkbox" value="y">' in page


def test_saving_an_address_mails_a_link_that_confirms_it(smtp_app, client, auth, smtp_server):
    auth.register("alice")
    response = save_profile(client, "alice@example.com", offers=True)
    assert response.status_code == 302
    page = text_of(client.get("/account"))
    assert "We sent a confirmation link to alice@example.com." in page
    assert "Your e-mail address is unconfirmed" in page
    assert "Send confirmation again" in page
    user = user_row(smtp_app)
    assert user.offers_consent
    assert not user.email_confirmed
    assert offer_recipients(smtp_app) == set()  # consent without confirmation: no offers

    link = delivered_link(smtp_app, smtp_server, "alice@example.com")
    anonymous = smtp_app.test_client()  # the link needs no login
    page = text_of(anonymous.get(link))
    assert "Confirm that <strong>alice@example.com</strong>" in page
    assert not user_row(smtp_app).email_confirmed  # opening the page changes nothing
    response = post_form(anonymous, link)
    assert response.status_code == 302
    assert user_row(smtp_app).email_confirmed
    assert offer_recipients(smtp_app) == {"alice"}
    assert "Your e-mail address is unconfirmed" not in text_of(client.get("/account"))


def test_a_link_for_an_old_address_does_not_confirm_the_new_one(
    smtp_app, client, auth, smtp_server
):
    auth.register("alice")
    save_profile(client, "old@example.com")
    old_link = delivered_link(smtp_app, smtp_server, "old@example.com")
    save_profile(client, "new@example.com")
    response = post_form(client, old_link, page="/account")
    assert response.status_code == 400
    assert "for an address that is no longer the account" in text_of(response)
    assert not user_row(smtp_app).email_confirmed
    new_link = delivered_link(smtp_app, smtp_server, "new@example.com")
    post_form(client, new_link)
    user = user_row(smtp_app)
    assert (user.email, user.email_confirmed) == ("new@example.com", True)


def test_changing_a_confirmed_address_unconfirms_it_and_case_alone_does_not(app, client, auth):
    with app.app_context():
        factories.user("alice", email="alice@example.com", offers_consent=True)
    auth.login("alice")
    save_profile(client, "ALICE@example.com", offers=True)
    assert user_row(app).email_confirmed
    save_profile(client, "alice@elsewhere.example", offers=True)
    assert not user_row(app).email_confirmed
    assert offer_recipients(app) == set()


@pytest.mark.parametrize("token", ["nonsense", "a.b.c"])
def test_a_bad_link_is_a_clear_400(client, token):
    response = client.get(f"/account/confirm-email/{token}")
    assert response.status_code == 400
    assert "This confirmation link has expired" in text_of(response)


def test_an_expired_link_confirms_nothing(app, client, auth, monkeypatch):
    auth.register("alice")
    save_profile(client, "alice@example.com")
    signed_at = time.time() - email_confirmation.VALID_FOR.total_seconds() - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: int(signed_at))
    with app.app_context():
        user = accounts.find_by_username("alice")
        token = email_confirmation.make_token(user.id, user.email)
    monkeypatch.undo()
    response = client.get(f"/account/confirm-email/{token}")
    assert response.status_code == 400
    assert not user_row(app).email_confirmed


def test_send_again_is_throttled(app, client, auth):
    auth.register("alice")
    save_profile(client, "alice@example.com")
    response = post_form(client, "/account/confirm-email/resend", page="/account")
    assert location_path(response) == "/account"
    assert "A confirmation e-mail was just sent" in text_of(client.get("/account"))
    with app.app_context():
        assert [row.template for row in outbox()] == ["email-confirmation"]


def test_registering_through_the_api_with_an_address_sends_a_link(app, api):
    body = {"username": "ada", "password": "correct horse battery", "email": "ada@example.com"}
    user = api.anonymous.ok("POST", "/users", body, 201)
    assert (user["email_confirmed"], user["offers_consent"]) == (False, False)
    with app.app_context():
        [row] = outbox()
        assert (row.template, row.to_address) == ("email-confirmation", "ada@example.com")

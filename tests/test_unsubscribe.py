"""One-click unsubscribe: the signed link in offers, its headers (RFC 8058), its page."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner

from storefront.extensions import db
from storefront.services import accounts, marketing
from storefront.services.mail_delivery import deliver_due
from tests import factories
from tests.helpers import text_of
from tests.mail_helpers import parts, queue


@pytest.fixture
def ada(app):
    with app.app_context():
        return factories.user("ada", email="ada@example.com", offers_consent=True).id


def consents(app) -> bool:
    with app.app_context():
        db.session.rollback()
        return accounts.find_by_username("ada").offers_consent


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_an_offer_carries_the_one_click_headers_and_a_link(app, ada, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    with app.app_context():
        url = marketing.unsubscribe_url(ada)
        queue("offer:1", unsubscribe_url=url)
        queue("plain:1")  # an order's e-mail: no unsubscribe headers
        assert deliver_due().sent == 2
    offer, plain = smtp_server.inbox.messages
    assert url.startswith("http://127.0.0.1:5000/unsubscribe/")
    assert offer["List-Unsubscribe"] == f"<{url}>"
    assert offer["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Unsubscribe: {url}" in parts(offer)["plain"]
    assert f'href="{url}"' in parts(offer)["html"]
    assert plain["List-Unsubscribe"] is None
    assert "Unsubscribe" not in parts(plain)["plain"]


def test_the_link_shows_a_button_and_only_the_button_unsubscribes(app, client, ada):
    with app.app_context():
        path = path_of(marketing.unsubscribe_url(ada))
    page = client.get(path)
    assert page.status_code == 200
    assert ">Unsubscribe</button>" in text_of(page)
    assert consents(app)  # a link scanner's GET changes nothing
    done = client.post(path)  # the page's button: no login, no CSRF token
    assert done.status_code == 200
    assert "You are unsubscribed" in text_of(done)
    assert not consents(app)
    assert client.post(path).status_code == 200  # twice is harmless


def test_a_mail_clients_one_click_post_unsubscribes(app, ada):
    with app.app_context():
        path = path_of(marketing.unsubscribe_url(ada))
    response = app.test_client().post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not consents(app)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_forged_link_is_a_clear_400_and_changes_nothing(app, client, ada, method):
    with app.app_context():
        token = marketing.unsubscribe_token(ada)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.open(f"/unsubscribe/{forged}", method=method)
    assert response.status_code == 400
    assert "This unsubscribe link is not valid or has expired" in text_of(response)
    assert consents(app)


def test_an_expired_link_changes_nothing(app, client, ada, monkeypatch):
    signed_at = time.time() - marketing.UNSUBSCRIBE_VALID_FOR.total_seconds() - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _self: int(signed_at))
    with app.app_context():
        path = path_of(marketing.unsubscribe_url(ada))
    monkeypatch.undo()
    assert client.post(path).status_code == 400
    assert consents(app)


def test_the_api_shows_and_changes_consent(app, api):
    ada = api.customer("ada")
    me = ada.ok("GET", "/me")
    assert (me["offers_consent"], me["email_confirmed"]) == (False, False)
    me = ada.ok("PATCH", "/me", {"offers_consent": True, "email": "ada@example.com"})
    assert (me["offers_consent"], me["email_confirmed"], me["email"]) == (
        True,
        False,
        "ada@example.com",
    )
    me = ada.ok("PATCH", "/me", {"name": "Ada"})  # consent left as it is
    assert me["offers_consent"] is True
    assert ada.call("PATCH", "/me", {"offers_consent": "maybe"}).status_code == 422
    spec = api.anonymous.ok("GET", "/openapi.json")
    profile = spec["components"]["schemas"]["Profile"]["properties"]
    user = spec["components"]["schemas"]["User"]["properties"]
    assert profile["offers_consent"]["type"] == "boolean"
    assert {"offers_consent", "email_confirmed"} <= user.keys()

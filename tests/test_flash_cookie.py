"""Flashed messages travel in their own signed cookie: the session store is written only when
what it keeps changes, so an add to a cart the session already names writes only the cart."""

from __future__ import annotations

from sqlalchemy import select

from storefront import flash_cookie
from storefront.extensions import db
from storefront.flash_cookie import COOKIE_NAME
from storefront.models.sessions import WebSession
from tests import factories
from tests.helpers import CSRF_PATTERN, text_of


def _rows(app) -> list[tuple[str, bytes, object]]:
    with app.app_context():
        row = (WebSession.session_id, WebSession.data, WebSession.expiry)
        return sorted(tuple(found) for found in db.session.execute(select(*row)))


def _shopper(app, name: str = "Stratocaster", stock: int = 50):
    """A guest who has put one unit of a product in a cart: their client, token, product id."""
    with app.app_context():
        product_id = str(factories.product(name, stock=stock).id)
    client = app.test_client()
    token = CSRF_PATTERN.search(text_of(client.get("/"))).group(1)
    add = {"product_id": product_id, "quantity": "1", "csrf_token": token}
    assert client.post("/cart/add", data=add).status_code == 302
    client.get("/cart")  # the message shown
    return client, add


def test_adding_to_a_kept_cart_leaves_the_session_row_as_it_was(app):
    client, add = _shopper(app)
    before = _rows(app)
    assert len(before) == 1
    response = client.post("/cart/add", data=add)
    assert response.status_code == 302
    assert client.get_cookie(COOKIE_NAME) is not None
    assert _rows(app) == before  # the cart changed; the session did not
    page = text_of(client.get("/cart"))
    assert "Added Stratocaster (quantity 1) to your cart." in page
    assert 'value="2"' in page  # the line now holds two
    assert client.get_cookie(COOKIE_NAME) is None  # shown once, then gone
    assert "Added Stratocaster" not in text_of(client.get("/cart"))
    assert _rows(app) == before


def test_a_forged_message_cookie_shows_nothing(app, client):
    client.set_cookie(COOKIE_NAME, "W1siZXJyb3IiLCJZb3VyIGFjY291bnQgaXMgbG9ja2VkIl1d.forged")
    page = text_of(client.get("/"))
    assert "account is locked" not in page
    assert 'class="flash' not in page


def test_messages_too_long_for_a_cookie_are_kept_in_the_session(app, monkeypatch):
    client, add = _shopper(app)
    before = _rows(app)
    # As if the messages were longer than a cookie should carry (their cookie is compressed:
    # reaching the real bound takes kilobytes of varied words).
    monkeypatch.setattr(flash_cookie, "MAX_COOKIE_BYTES", 100)
    for _ in range(3):
        assert client.post("/cart/add", data=add).status_code == 302
    assert client.get_cookie(COOKIE_NAME) is None
    assert _rows(app) != before  # they wait in the stored session instead
    page = text_of(client.get("/cart"))
    assert page.count("Added Stratocaster (quantity 1) to your cart.") == 3
    assert "to your cart." not in text_of(client.get("/cart"))

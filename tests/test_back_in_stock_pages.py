"""'Notify me when available' on the product page and in the API, to the e-mail it sends."""

from __future__ import annotations

import uuid

import pytest

from storefront.services import back_in_stock, catalogue_admin
from storefront.services.mail_delivery import deliver_due
from tests import factories
from tests.helpers import post_form, text_of
from tests.mail_helpers import parts

BUTTON = ">Notify me when available</button>"


@pytest.fixture
def guitar(app):
    with app.app_context():
        product = factories.product("Telecaster", stock=0)
        return {"id": product.id, "path": f"/products/{product.slug}"}


@pytest.fixture
def ada(app, auth):
    with app.app_context():
        factories.user("ada", email="ada@example.com", name="Ada")
    auth.login("ada")


def test_a_visitor_is_asked_to_log_in(client, guitar):
    page = text_of(client.get(guitar["path"]))
    assert "Out of stock" in page
    assert BUTTON not in page
    assert f'href="/login?next={guitar["path"]}">Log in</a>' in page


def test_a_product_in_stock_offers_no_notification(app, client, ada):
    with app.app_context():
        path = f"/products/{factories.product('Banjo', stock=3).slug}"
    assert BUTTON not in text_of(client.get(path))


def test_ask_then_get_one_e_mail_when_it_is_back(app, client, ada, guitar, smtp_server):
    app.config["MAIL_URL"] = smtp_server.url
    page = text_of(client.get(guitar["path"]))
    assert BUTTON in page
    response = post_form(client, f"{guitar['path']}/notify", page=guitar["path"])
    assert response.status_code == 302
    page = text_of(client.get(guitar["path"]))
    assert "We will e-mail you once when it is available." in page
    assert ">Stop notifying me</button>" in page
    assert BUTTON not in page

    with app.app_context():
        catalogue_admin.change_stock(guitar["id"], set_to=2)
        assert back_in_stock.notify_available() == 1
        assert back_in_stock.notify_available() == 0
        assert deliver_due().sent == 1
    [message] = smtp_server.inbox.messages
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Telecaster is available again at Storefront"
    assert f"http://127.0.0.1:5000{guitar['path']}" in parts(message)["plain"]
    assert message["List-Unsubscribe"] is None  # asked for, not an offer


def test_stop_notifying(app, client, ada, guitar):
    post_form(client, f"{guitar['path']}/notify", page=guitar["path"])
    post_form(client, f"{guitar['path']}/notify/cancel", page=guitar["path"])
    assert "We will not e-mail you about it." in text_of(client.get(guitar["path"]))
    with app.app_context():
        catalogue_admin.change_stock(guitar["id"], set_to=2)
        assert back_in_stock.notify_available() == 0


def test_without_an_address_the_customer_is_told_to_add_one(client, auth, guitar):
    auth.register("bob")
    post_form(client, f"{guitar['path']}/notify", page=guitar["path"])
    page = text_of(client.get(guitar["path"]))
    assert "Add your e-mail address on your account page first." in page
    assert BUTTON in page


def test_the_button_needs_a_login(client, guitar):
    response = client.post(f"{guitar['path']}/notify")
    assert response.status_code in (302, 400)  # to the login page, or the CSRF refusal
    assert client.post("/products/no-such-thing/notify").status_code in (302, 400)


def test_the_api(app, api, guitar):
    with app.app_context():
        factories.user("ada", email="ada@example.com")
        in_stock = str(factories.product("Banjo", stock=3).id)
    ada = api.login("ada")
    path = f"/products/{guitar['id']}/notify"
    assert ada.ok("POST", path) == {"product_id": str(guitar["id"]), "waiting": True}
    assert ada.ok("POST", path) == {"product_id": str(guitar["id"]), "waiting": True}
    with app.app_context():
        assert back_in_stock.is_waiting(uuid.UUID(ada.user["id"]), guitar["id"])
    assert ada.call("DELETE", path).status_code == 204
    with app.app_context():
        assert not back_in_stock.is_waiting(uuid.UUID(ada.user["id"]), guitar["id"])
    assert ada.call("POST", f"/products/{in_stock}/notify").status_code == 409
    unknown = "/products/00000000-0000-0000-0000-000000000000/notify"
    assert ada.call("POST", unknown).status_code == 404
    assert api.anonymous.call("POST", path).status_code == 401
    operations = api.anonymous.ok("GET", "/openapi.json")["paths"][
        "/api/v1/products/{product_id}/notify"
    ]
    assert operations["post"]["operationId"] == "notifyWhenAvailable"

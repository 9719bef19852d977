"""An address longer than MAX_URL_LENGTH: 414 in the API's error shape under /api/, the
shop's own page elsewhere; through the test client and through gunicorn as it ships (which
would otherwise answer its own bare HTML 414 before the shop sees the request)."""

from __future__ import annotations

import requests

from tests.served_shop import served

LIMIT = 8192  # the default of MAX_URL_LENGTH


def api_path(length: int) -> str:
    path = "/api/v1/products?q="
    return path + "a" * (length - len(path))


def test_a_long_api_address_answers_414_in_the_error_shape(client):
    response = client.get(api_path(LIMIT + 1))
    assert response.status_code == 414
    assert response.get_json()["error"] == {
        "code": "uri_too_long",
        "message": f"The address is longer than {LIMIT} characters. Send fewer or shorter "
        "query parameters.",
    }


def test_an_address_of_exactly_the_limit_is_read(client):
    response = client.get(api_path(LIMIT))
    assert response.status_code == 422  # read, and the search words refused as too long


def test_a_long_page_address_answers_the_shops_page(client):
    response = client.get("/search?q=" + "a" * LIMIT)
    assert response.status_code == 414
    assert response.mimetype == "text/html"
    assert "longer than 8192 characters" in response.get_data(as_text=True)


def test_the_limit_is_a_setting(make_app):
    client = make_app(MAX_URL_LENGTH=100).test_client()
    assert client.get(api_path(101)).status_code == 414
    assert client.get("/api/v1/products", headers={"X-Long": "a" * 500}).status_code == 200


def test_served_by_gunicorn_a_long_api_address_still_gets_json(app, tmp_path):
    with served(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "shop.log") as base:
        # Past gunicorn's own default limit (4094) and within the shop's: read.
        response = requests.get(base + api_path(5000), timeout=30)
        assert response.status_code == 422
        assert response.json()["error"]["fields"]["q"]
        response = requests.get(base + api_path(20_000), timeout=30)
        assert response.status_code == 414
        assert response.headers["Content-Type"] == "application/json"
        assert response.json()["error"]["code"] == "uri_too_long"
        page = requests.get(base + "/search?q=" + "a" * 20_000, timeout=30)
        assert page.status_code == 414
        assert "text/html" in page.headers["Content-Type"]
        assert "longer than 8192 characters" in page.text

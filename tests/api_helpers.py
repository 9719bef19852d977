"""For the JSON API's tests: a client that speaks JSON with a token, and shop data made
through the API itself.

``conftest.py`` exposes the fixtures ``api`` and ``shop``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from storefront.payments.sandbox import DECLINE_CARD
from storefront.payments.sandbox import SUCCESS_CARD as SUCCESS_NUMBER
from storefront.services import accounts
from tests.helpers import PASSWORD

V1 = "/api/v1"
SUCCESS_CARD = {
    "name": "Ada Lovelace",
    "number": SUCCESS_NUMBER,
    "expiry": "1240",
    "cvv": "123",
}
DECLINED_CARD = {**SUCCESS_CARD, "number": DECLINE_CARD}


@dataclass
class Caller:
    """A client with one user's token: ``caller.get("/me")`` means GET /api/v1/me."""

    client: FlaskClient
    token: str | None = None
    user: dict[str, Any] = field(default_factory=dict)

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def call(self, method: str, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        headers = self._headers(kwargs.pop("headers", None))
        if json is not None:
            kwargs["json"] = json
        return self.client.open(V1 + path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.call("POST", path, json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.call("PUT", path, json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.call("PATCH", path, json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.call("DELETE", path, **kwargs)

    def ok(self, method: str, path: str, json: Any = None, status: int = 200) -> Any:
        """Call and insist on ``status``; the JSON answer."""
        response = self.call(method, path, json)
        assert response.status_code == status, (response.status_code, response.get_json())
        return response.get_json()


class Api:
    """Callers for a test: anonymous, customers, an admin."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.anonymous = Caller(app.test_client())

    def customer(self, username: str = "alice") -> Caller:
        """A newly registered customer with a token."""
        self.anonymous.ok("POST", "/users", {"username": username, "password": PASSWORD}, 201)
        return self.login(username)

    def admin(self, username: str = "boss") -> Caller:
        """A new admin (made as the command line does) with a token."""
        with self.app.app_context():
            accounts.register(username, PASSWORD, is_admin=True)
        return self.login(username)

    def login(self, username: str) -> Caller:
        body = self.anonymous.ok(
            "POST", "/tokens", {"username": username, "password": PASSWORD}, 201
        )
        return Caller(self.app.test_client(), body["token"], body["user"])


@pytest.fixture
def api(app: Flask) -> Api:
    return Api(app)


@dataclass
class Shop:
    """A brand, a category and a store, and products made through the API by an admin."""

    admin: Caller
    brand: dict[str, Any]
    category: dict[str, Any]
    store: dict[str, Any]

    def product(self, name: str, *, price: str = "10.00", stock: int = 5, **fields: Any) -> Any:
        body = {
            "name": name,
            "brand_id": self.brand["id"],
            "category_id": self.category["id"],
            "store_id": self.store["id"],
            "price": price,
            "stock": stock,
            **fields,
        }
        return self.admin.ok("POST", "/products", body, 201)

    def stock_of(self, product: dict[str, Any]) -> int:
        return self.admin.ok("PATCH", f"/products/{product['id']}", {})["stock"]


@pytest.fixture
def shop(api: Api) -> Shop:
    admin = api.admin()
    return Shop(
        admin,
        admin.ok("POST", "/brands", {"name": "Fender"}, 201),
        admin.ok("POST", "/categories", {"name": "Guitars"}, 201),
        admin.ok("POST", "/stores", {"name": "Guitar Shop", "description": "Strings"}, 201),
    )


def some_id() -> str:
    return str(uuid.uuid4())


def error_of(response: TestResponse, status: int) -> dict[str, Any]:
    """The error body of an answer that must have ``status``, checked for its shape."""
    assert response.status_code == status, (response.status_code, response.get_data(True))
    body = response.get_json()
    assert set(body) == {"error"}
    assert {"code", "message"} <= set(body["error"])
    return body["error"]

"""Helpers the tests share: CSRF-aware form posts, an auth helper, services checks."""

from __future__ import annotations

import os
import re
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "correct horse battery"


def typed(number: str) -> str:
    """A card number as people type it: in groups of four digits."""
    return " ".join(number[start : start + 4] for start in range(0, len(number), 4))


def csrf_token(client: FlaskClient, page: str) -> str:
    """The CSRF token a page's form carries."""
    response = client.get(page)
    match = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page} ({response.status_code})"
    return match.group(1)


def post_form(
    client: FlaskClient, path: str, data: dict[str, Any] | None = None, *, page: str | None = None
) -> TestResponse:
    """Submit a form the way a browser does: fetch its page, then post with its token."""
    token = csrf_token(client, page or path)
    return client.post(path, data={**(data or {}), "csrf_token": token})


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def location_path(response: TestResponse) -> str:
    """The path (and query) a redirect points at."""
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


class AuthActions:
    """Register, log in and log out through the real pages."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def register(self, username: str = "alice", password: str = PASSWORD) -> TestResponse:
        return post_form(
            self.client,
            "/register",
            {"username": username, "password": password, "confirm": password},
        )

    def login(
        self, username: str = "alice", password: str = PASSWORD, next: str | None = None
    ) -> TestResponse:
        path = "/login" + (f"?next={next}" if next else "")
        return post_form(self.client, path, {"username": username, "password": password})

    def logout(self) -> TestResponse:
        return post_form(self.client, "/logout", page="/")


def require_service(name: str, host: str, port: int) -> None:
    """Skip (or fail, when services are required) if nothing answers at host:port."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return
    except OSError:
        message = f"{name} is not reachable at {host}:{port}"
        if os.environ.get("STOREFRONT_REQUIRE_SERVICES"):
            pytest.fail(message + " (STOREFRONT_REQUIRE_SERVICES is set)")
        pytest.skip(message)

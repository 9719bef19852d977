"""Generated from the URL map: every POST needs its CSRF token, and no GET changes state."""

from __future__ import annotations

import pytest

from tests.security.conftest import html_routes, logged_in, snapshot


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
def test_every_post_without_csrf_token_is_refused_and_changes_nothing(app, world):
    posts = [
        (endpoint, url) for endpoint, method, url in html_routes(app, world) if method == "POST"
    ]
    assert len(posts) >= 15
    for username in ("alice", "boss"):
        client = logged_in(app, username)
        before = snapshot(app)
        for endpoint, url in posts:
            response = client.post(url, data={"quantity": "1", "name": "X", "stock": "1"})
            assert response.status_code == 400, (username, endpoint)
        assert snapshot(app) == before


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
def test_no_get_changes_state(app, world):
    gets = [(endpoint, url) for endpoint, method, url in html_routes(app, world) if method == "GET"]
    assert len(gets) >= 25
    before = snapshot(app)
    for client in (app.test_client(), logged_in(app, "alice"), logged_in(app, "boss")):
        for endpoint, url in gets:
            assert client.get(url).status_code < 500, endpoint
    assert snapshot(app) == before


def test_state_changing_routes_refuse_get(app, world):
    for endpoint, method, url in html_routes(app, world):
        if method == "POST" and endpoint.split(".")[1] in {
            "logout",
            "add",
            "update",
            "remove",
            "products_stock",
        }:
            assert app.test_client().get(url).status_code == 405, endpoint

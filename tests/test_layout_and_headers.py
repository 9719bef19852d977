"""The layout, error pages, security headers and caching rules."""

from __future__ import annotations

import pytest
from flask import abort

from tests.helpers import text_of

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/products/missing", "/account"])
def test_security_headers_on_every_page(client, path):
    response = client.get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "http" not in policy  # no outside origin is allowed


def test_static_files_are_ours(client):
    page = text_of(client.get("/"))
    assert "/static/vendor/pico/pico.min.css" in page
    assert "https://" not in page
    assert client.get("/static/vendor/pico/pico.min.css").status_code == 200


def test_header_links_for_a_guest(client):
    page = text_of(client.get("/"))
    assert ">Log in</a>" in page
    assert ">Register</a>" in page
    assert "Log out" not in page


def test_header_links_for_a_customer(client, auth):
    auth.register("alice")
    page = text_of(client.get("/"))
    assert "Account (alice)" in page
    assert "Log out</button>" in page
    assert ">Log in</a>" not in page


def test_logged_in_pages_are_not_cached(client, auth):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    auth.register("alice")
    for path in ("/", "/account"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(app, client, auth):
    response = auth.register("alice")
    cookie = next(
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith(app.config["SESSION_COOKIE_NAME"])
    )
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_secure_cookie_when_configured(make_app):
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    response = client.get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_unknown_page_is_404_in_the_layout(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = text_of(response)
    assert "404" in page
    assert "Catalogue" in page  # the site's header


def test_wrong_method_is_405_in_the_layout(client):
    response = client.delete("/products")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_forbidden_and_server_errors_render_in_the_layout(make_app):
    app = make_app()

    @app.get("/test-forbidden")
    def forbidden():
        abort(403)

    @app.get("/test-crash")
    def crash():
        raise RuntimeError("secret internals")

    client = app.test_client()
    response = client.get("/test-forbidden")
    assert response.status_code == 403
    assert "Catalogue" in text_of(response)

    response = client.get("/test-crash")
    assert response.status_code == 500
    page = text_of(response)
    assert "Something went wrong" in page
    assert "secret internals" not in page
    assert "Traceback" not in page


def test_api_paths_get_json_errors(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_request_id_is_returned_and_logged(client, caplog):
    caplog.set_level("INFO", logger="storefront.access")
    response = client.get("/", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    line = next(r for r in caplog.records if r.name == "storefront.access")
    assert "request_id=abc-123" in line.getMessage()
    assert "GET / 200" in line.getMessage()


def test_request_log_never_holds_the_password(client, auth, caplog):
    caplog.set_level("DEBUG")
    auth.register("alice", "a very secret passphrase")
    auth.logout()
    auth.login("alice", "a very secret passphrase")
    assert "a very secret passphrase" not in caplog.text

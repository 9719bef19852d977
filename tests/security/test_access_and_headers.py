"""Generated from the URL map: private objects stay private; every page wears its headers."""

from __future__ import annotations

from tests.security.conftest import html_routes, logged_in

PRIVATE = {"order_id", "address_id"}  # ids of things that belong to one customer
HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
)


def private_routes(app, world):
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for endpoint, method, url in html_routes(app, world):
        rule = rules[endpoint]
        if rule.arguments & PRIVATE or rule.rule.startswith("/admin"):
            yield endpoint, method, url


def test_private_objects_as_a_guest_and_as_another_customer(app, world):
    routes = list(private_routes(app, world))
    assert any(endpoint == "orders.detail" for endpoint, _, _ in routes)
    for who in ("guest", "bob"):
        client = app.test_client() if who == "guest" else logged_in(app, who)
        for endpoint, method, url in routes:
            if method != "GET":
                continue
            response = client.get(url)
            body = response.get_data(as_text=True)
            if who == "guest":
                assert response.status_code in (302, 401, 403, 404), (who, endpoint)
                if response.status_code == 302:
                    assert "/login" in response.location
            else:
                assert response.status_code in (403, 404), (who, endpoint)
            assert world.order_number not in body, (who, endpoint)
            assert world.alice_name not in body, (who, endpoint)


def test_every_html_answer_carries_the_security_headers(app, world):
    clients = {
        "guest": app.test_client(),
        "alice": logged_in(app, "alice"),
        "boss": logged_in(app, "boss"),
    }
    for who, client in clients.items():
        for endpoint, method, url in html_routes(app, world):
            if method != "GET":
                continue
            response = client.get(url)
            for header in HEADERS:
                assert header in response.headers, (who, endpoint, header)
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
            if endpoint == "images.file":  # named by its content, the same for everyone
                assert "immutable" in response.headers["Cache-Control"]
            elif who != "guest":
                assert response.headers.get("Cache-Control") == "no-store", (who, endpoint)
    for status_url in ("/no/such/page", f"/products/{'x' * 20}"):
        assert "Content-Security-Policy" in app.test_client().get(status_url).headers

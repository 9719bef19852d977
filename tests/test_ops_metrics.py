"""Prometheus metrics: who may read them, and that they count what the shop did."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.api_helpers import SUCCESS_CARD, Api
from tests.helpers import AuthActions

TOKEN = "scrape-token-0123456789"


def value(text: str, name: str, labels: str = "") -> float:
    """One sample's value from Prometheus's text format."""
    pattern = re.escape(name) + (r"\{" + re.escape(labels) + r"\}" if labels else "") + r" (\S+)"
    match = re.search(rf"^{pattern}$", text, re.MULTILINE)
    assert match, f"{name}{{{labels}}} not in the metrics"
    return float(match.group(1))


@pytest.fixture
def metered(make_app):
    return make_app(METRICS_TOKEN=TOKEN)


def test_metrics_are_refused_to_guests_customers_and_wrong_tokens(metered):
    client = metered.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
    with metered.app_context():
        factories.user("carol")
    AuthActions(client).login("carol")
    assert client.get("/metrics").status_code == 403


def test_no_token_configured_means_no_token_opens_them(app):
    response = app.test_client().get("/metrics", headers={"Authorization": "Bearer "})
    assert response.status_code == 401


def test_an_admin_reads_them(metered):
    with metered.app_context():
        factories.user("boss", is_admin=True)
    client = metered.test_client()
    AuthActions(client).login("boss")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")


def test_metrics_count_orders_payments_carts_and_request_latency(metered):
    api = Api(metered)
    with metered.app_context():
        product = factories.product("Telecaster", price_cents=89900, stock=5)
        product_id = str(product.id)
    scraper = {"Authorization": f"Bearer {TOKEN}"}
    client = metered.test_client()
    before = client.get("/metrics", headers=scraper).get_data(as_text=True)

    alice = api.customer("alice")
    order = alice.post(
        "/orders", {"lines": [{"product_id": product_id, "quantity": 1}], "card": SUCCESS_CARD}
    )
    assert order.status_code == 201
    cart = alice.post("/carts").json
    alice.post(f"/carts/{cart['id']}/lines", {"product_id": product_id, "quantity": 1})
    client.get("/products")

    after = client.get("/metrics", headers=scraper).get_data(as_text=True)
    for name in ("storefront_orders_placed_total", "storefront_orders_paid_total"):
        assert value(after, name) == value(before, name) + 1
    assert value(after, "storefront_payment_attempts_total", 'outcome="paid"') >= 1
    assert value(after, "storefront_active_carts") == 1
    labels = 'endpoint="catalogue.index",method="GET",status="200"'
    assert value(after, "storefront_request_duration_seconds_count", labels) >= 1
    assert "storefront_warehouse_events_set_aside_total 0.0" in after
    assert "# TYPE storefront_refunds_total counter" in after

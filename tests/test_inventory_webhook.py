"""POST /api/v1/inventory/events: signed warehouse events over HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import make_server

from storefront.extensions import db
from storefront.inventory.signing import sign
from storefront.models import InventoryEvent, Product
from tests.inventory_events import body, event, products_by_item, set_aside_rows

SECRET = "webhook-test-secret"
URL = "/api/v1/inventory/events"


@pytest.fixture
def app(make_app) -> Flask:
    return make_app(INVENTORY_WEBHOOK_SECRET=SECRET)


def post(client, raw: bytes, signature: str | None = "good", **headers):
    if signature == "good":
        signature = "sha256=" + sign(SECRET, raw)
    if signature is not None:
        headers["X-Signature"] = signature
    return client.post(URL, data=raw, headers=headers, content_type="application/json")


def inbox_size(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(InventoryEvent))


def test_a_signed_event_is_accepted_and_applied(app, client):
    data = event(quantity=3)
    response = post(client, body(data))
    assert response.status_code == 202
    assert response.get_json() == {"status": "applied", "event_id": data["id"]}
    with app.app_context():
        assert products_by_item() == {"W-1": ("Walnut Ukulele", 4999, True, 3)}


def test_the_signature_may_come_without_its_prefix(app, client):
    raw = body(event())
    assert post(client, raw, signature=sign(SECRET, raw).upper()).status_code == 202


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=", "sha256=" + "0" * 64, "sha256=not-hex", sign("another secret", b"x")],
    ids=["missing", "empty", "prefix only", "zeros", "not hex", "other secret"],
)
def test_a_missing_or_bad_signature_is_refused_and_changes_nothing(app, client, signature):
    response = post(client, body(event()), signature=signature)
    assert response.status_code == 401
    error = response.get_json()["error"]
    assert error["code"] == "unauthorized"
    assert "X-Signature" in error["message"]
    assert inbox_size(app) == 0
    with app.app_context():
        assert products_by_item() == {}
        assert set_aside_rows() == []


def test_a_signature_of_another_body_is_refused(app, client):
    signed = body(event(price=100))
    tampered = signed.replace(b"100", b"1")
    response = post(client, tampered, signature="sha256=" + sign(SECRET, signed))
    assert response.status_code == 401


def test_a_signature_with_non_ascii_characters_is_refused(app, client):
    assert post(client, body(event()), signature="sha256=é").status_code == 401


def test_a_replayed_event_is_accepted_and_applied_once(app, client):
    raw = body(event(quantity=3))
    assert post(client, raw).get_json()["status"] == "applied"
    with app.app_context():
        product = db.session.scalar(select(Product))
        product.stock = 1  # sold two since
        db.session.commit()
    replay = post(client, raw)
    assert replay.status_code == 202
    assert replay.get_json()["status"] == "duplicate"
    assert inbox_size(app) == 1
    with app.app_context():
        assert products_by_item()["W-1"][3] == 1


def test_a_malformed_body_with_a_good_signature_is_set_aside_with_422(app, client):
    response = post(client, b'{"id": "nope"}')
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert "id must be a UUID" in error["message"]
    with app.app_context():
        [row] = set_aside_rows()
        assert (row.code, row.source) == ("malformed", "webhook")


def test_a_name_clash_is_set_aside_with_409(app, client):
    post(client, body(event(item_id="W-1")))
    response = post(client, body(event(item_id="W-2")))
    assert response.status_code == 409
    assert "already has a product named" in response.get_json()["error"]["message"]


def test_an_event_for_an_unknown_item_is_accepted_and_held(app, client):
    response = post(client, body(event("item.status_toggled", item_id="W-9", active=False)))
    assert response.status_code == 202
    assert response.get_json()["status"] == "held"


def test_a_body_over_the_limit_is_refused(make_app):
    client = make_app(INVENTORY_WEBHOOK_SECRET=SECRET, INVENTORY_MAX_EVENT_BYTES=100).test_client()
    assert post(client, body(event(name="A" * 100))).status_code == 413


def test_without_a_secret_the_webhook_is_unavailable(make_app):
    client = make_app(INVENTORY_WEBHOOK_SECRET=None).test_client()
    response = post(client, body(event()))
    assert response.status_code == 503
    assert "not configured" in response.get_json()["error"]["message"]


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


@pytest.fixture
def live_url(app) -> Iterator[str]:
    """The app served over real HTTP from a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{URL}"
    server.shutdown()


def test_the_stand_in_posts_signed_events_to_the_webhook(app, runner, live_url):
    args = ["inventory", "send", "item.created", "--item-id", "W-5", "--name", "Oak Stand"]
    target = ["--webhook", live_url]
    result = runner.invoke(args=[*args, "--price", "2500", "--quantity", "2", *target])
    assert result.exit_code == 0, result.output
    assert "The webhook answered 202: applied." in result.output
    with app.app_context():
        assert products_by_item() == {"W-5": ("Oak Stand", 2500, True, 2)}
    refused = runner.invoke(args=[*args, "--price", "-1", *target])
    assert refused.exit_code == 2  # the stand-in checks what it can before sending


def test_the_stand_in_reports_the_webhook_refusing(make_app, live_url):
    other = make_app(INVENTORY_WEBHOOK_SECRET="not the shop's secret")
    args = ["inventory", "send", "item.status_toggled", "--item-id", "W-5", "--inactive"]
    result = other.test_cli_runner().invoke(args=[*args, "--webhook", live_url])
    assert result.exit_code == 1
    assert "The webhook answered 401: X-Signature is missing" in result.output
    assert "Traceback" not in result.output

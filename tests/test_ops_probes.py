"""Health and readiness probes: no session, no log line, and 503 naming what is down."""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

import pytest

from tests.helpers import require_service
from tests.payment_sandbox import free_port

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BROKER_URL = os.environ.get("TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def _require(url: str, name: str, port: int) -> None:
    parts = urlsplit(url)
    require_service(name, parts.hostname or "127.0.0.1", parts.port or port)


def test_healthz_answers_without_a_session_or_a_log_line(client, caplog):
    caplog.set_level(logging.INFO, logger="storefront")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert not [r for r in caplog.records if r.name == "storefront.access"]
    client.get("/login")  # an ordinary page is logged, as before
    assert [r for r in caplog.records if r.name == "storefront.access"]


def test_readyz_names_the_database_and_answers_200_when_it_is_there(client, caplog):
    caplog.set_level(logging.INFO, logger="storefront")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ready"
    assert response.json["checks"]["database"]["ok"] is True
    assert set(response.json["checks"]) == {"database"}  # no Redis or broker configured
    assert "Set-Cookie" not in response.headers
    assert not [r for r in caplog.records if r.name == "storefront.access"]


def test_readyz_checks_redis_when_configured(make_app):
    _require(REDIS_URL, "Redis", 6379)
    app = make_app(REDIS_URL=REDIS_URL, RATELIMIT_STORAGE_URI="memory://")
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["redis"]["ok"] is True


def test_readyz_is_503_and_names_redis_when_redis_does_not_answer(make_app):
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = make_app(REDIS_URL=dead, RATELIMIT_STORAGE_URI="memory://")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.json
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["redis"]["error"]
    assert "127.0.0.1" not in response.get_data(as_text=True)  # no addresses told to strangers


def test_readyz_checks_the_broker_once_it_is_given(make_app):
    _require(BROKER_URL, "RabbitMQ", 5672)
    app = make_app(BROKER_URL=BROKER_URL)
    assert app.config["READY_CHECK_BROKER"] is True
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["broker"]["ok"] is True


def test_readyz_is_503_when_the_broker_does_not_answer(make_app):
    app = make_app(BROKER_URL=f"amqp://guest:guest@127.0.0.1:{free_port()}/%2F")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["broker"]["ok"] is False


def test_the_default_broker_is_not_asked(app, monkeypatch):
    monkeypatch.delenv("BROKER_URL", raising=False)
    assert app.config["READY_CHECK_BROKER"] is False
    assert "broker" not in app.test_client().get("/readyz").json["checks"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_refuse_other_methods_without_a_500(client, path):
    assert client.post(path).status_code in (400, 405)

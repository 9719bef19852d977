"""Sessions and login throttling kept in Redis when REDIS_URL is set."""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit

import pytest
import redis

from tests.helpers import AuthActions, require_service

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_app(make_app):
    parts = urlsplit(REDIS_URL)
    require_service("Redis", parts.hostname or "127.0.0.1", parts.port or 6379)
    prefix = f"storefront-test-{uuid.uuid4().hex[:8]}"
    app = make_app(
        REDIS_URL=REDIS_URL,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=prefix,
        SESSION_KEY_PREFIX=f"{prefix}:session:",
    )
    server = redis.Redis.from_url(REDIS_URL)
    yield app, server, prefix
    for key in server.scan_iter(f"*{prefix}*"):
        server.delete(key)


def test_sessions_live_in_redis_and_die_at_logout(redis_app):
    app, server, prefix = redis_app
    client = app.test_client()
    auth = AuthActions(client)
    auth.register("alice")
    sid = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert server.exists(f"{prefix}:session:{sid}")
    assert client.get("/account").status_code == 200

    auth.logout()
    assert not server.exists(f"{prefix}:session:{sid}")
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], sid)
    assert thief.get("/account").status_code == 302


def test_throttling_is_shared_through_redis(redis_app, make_app):
    app, _server, _prefix = redis_app
    AuthActions(app.test_client()).register("alice")
    for _ in range(10):
        client = app.test_client()
        assert AuthActions(client).login("alice", "wrong password!").status_code == 200
    # A second app (another worker process in production) sees the same count.
    other = make_app(
        **{
            key: app.config[key]
            for key in (
                "REDIS_URL",
                "RATELIMIT_STORAGE_URI",
                "RATELIMIT_KEY_PREFIX",
                "SESSION_KEY_PREFIX",
            )
        }
    )
    assert AuthActions(other.test_client()).login("alice", "wrong password!").status_code == 429


def test_cookieless_page_views_leave_no_session_key_in_redis(redis_app):
    app, server, prefix = redis_app
    for page in ["/", "/login", "/register"] * 10:
        assert app.test_client().get(page).status_code == 200
    assert not list(server.scan_iter(f"{prefix}:session:*"))

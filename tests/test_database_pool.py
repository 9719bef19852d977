"""Pooled connections to PostgreSQL: checked before use only after sitting idle.

The server ends the pooled connection's backend, as a restart or a dropped link would.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from storefront.extensions import db
from tests import factories

PIDS = text("SELECT pg_backend_pid()")
KILL = text("SELECT pg_terminate_backend(:pid)")


def kill_pooled_backends(app) -> None:
    """End the backends of every connection in the app's pool, from a connection of its own."""
    with app.app_context():
        pool = db.engine.pool
        held = [db.engine.connect() for _ in range(pool.checkedin())]  # all that sit in the pool
        pids = [connection.execute(PIDS).scalar() for connection in held]
        for connection in held:
            connection.close()
        engine = create_engine(db.engine.url, poolclass=NullPool)
    with engine.connect() as other:
        other = other.execution_options(isolation_level="AUTOCOMMIT")
        for pid in pids:
            other.execute(KILL, {"pid": pid})
    engine.dispose()


@pytest.fixture
def shop(make_app):
    def make(idle_seconds: float):
        app = make_app(DATABASE_PING_IDLE_SECONDS=idle_seconds)
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            pytest.skip("a file has no connection to drop")
        with app.app_context():
            factories.product("Telecaster", stock=3)
        return app

    return make


PAGE = "/api/v1/products"  # no session to read first: the listing is the first statement


def test_an_idle_connection_is_checked_and_replaced_before_use(shop):
    app = shop(idle_seconds=0)  # every connection counts as idle
    client = app.test_client()
    assert client.get(PAGE).status_code == 200
    kill_pooled_backends(app)
    assert client.get(PAGE).status_code == 200


def test_a_busy_connection_is_not_pinged_and_a_dead_one_answers_503_once(shop):
    app = shop(idle_seconds=3600)  # never idle long enough to be pinged
    client = app.test_client()
    assert client.get(PAGE).status_code == 200
    kill_pooled_backends(app)
    first = client.get(PAGE)
    assert first.status_code == 503
    assert "Nothing was changed" in first.get_json()["error"]["message"]
    assert client.get(PAGE).status_code == 200  # the pool threw the dead connections away

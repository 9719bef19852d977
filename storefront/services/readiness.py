"""Is each service the shop depends on reachable right now? One short check each.

The database always; Redis when ``REDIS_URL`` is set; the broker when ``READY_CHECK_BROKER``
is on (it is when ``BROKER_URL`` was given). Every check has a time-out of its own, so a
probe never hangs on a service that does not answer.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import pika
from flask import current_app
from redis import Redis
from sqlalchemy import text

from ..extensions import db

log = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 2.0
# The last answer each check gave in this process: a change is logged once, not every probe.
_last_ok: dict[str, bool] = {}


@dataclass(frozen=True)
class Check:
    """One service's answer: reachable or not, how long asking took, and the kind of failure."""

    name: str
    ok: bool
    ms: float
    error: str | None = None


def check_all() -> list[Check]:
    """Ask every configured service, in a fixed order: database, redis, broker."""
    config = current_app.config
    checks: list[tuple[str, Callable[[], None]]] = [("database", _database)]
    if config.get("REDIS_URL"):
        checks.append(("redis", lambda: _redis(str(config["REDIS_URL"]))))
    if config.get("READY_CHECK_BROKER"):
        checks.append(("broker", lambda: _broker(str(config["BROKER_URL"]))))
    return [_timed(name, probe) for name, probe in checks]


def _timed(name: str, probe: Callable[[], None]) -> Check:
    started = time.perf_counter()
    error: str | None = None
    try:
        probe()
    except Exception as exc:  # any failure means "not reachable"
        error = type(exc).__name__
        if _last_ok.get(name, True):
            log.warning("readiness: %s is unreachable: %s", name, exc)
    else:
        if not _last_ok.get(name, True):
            log.warning("readiness: %s is reachable again", name)
    _last_ok[name] = error is None
    return Check(name, error is None, round((time.perf_counter() - started) * 1000, 1), error)


def _database() -> None:
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _redis(url: str) -> None:
    client = Redis.from_url(
        url, socket_connect_timeout=CHECK_TIMEOUT_SECONDS, socket_timeout=CHECK_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


def _broker(url: str) -> None:
    parameters = pika.URLParameters(url)
    parameters.connection_attempts = 1
    parameters.socket_timeout = CHECK_TIMEOUT_SECONDS
    parameters.stack_timeout = CHECK_TIMEOUT_SECONDS * 2
    parameters.blocked_connection_timeout = CHECK_TIMEOUT_SECONDS
    pika.BlockingConnection(parameters).close()

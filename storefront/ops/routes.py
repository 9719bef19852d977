"""``/healthz`` (the process answers), ``/readyz`` (its services answer), ``/metrics``."""

from __future__ import annotations

import hmac
from typing import Any

from flask import abort, current_app, jsonify, request
from flask_login import current_user

from ..services import readiness
from . import bp
from .metrics import exposition

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/healthz")
def healthz() -> Any:
    """The process is up and answering; nothing else is asked."""
    return jsonify(status="ok"), 200, NO_STORE


@bp.get("/readyz")
def readyz() -> Any:
    """Every configured service answers: 200, else 503; the body names each one."""
    checks = readiness.check_all()
    ready = all(check.ok for check in checks)
    body = {
        "status": "ready" if ready else "unavailable",
        "checks": {
            check.name: {"ok": check.ok, "ms": check.ms}
            | ({"error": check.error} if check.error else {})
            for check in checks
        },
    }
    return jsonify(body), 200 if ready else 503, NO_STORE


@bp.get("/metrics")
def metrics() -> Any:
    """Prometheus's text format, for a scraper with METRICS_TOKEN or a signed-in admin."""
    if not (_token_matches() or (current_user.is_authenticated and current_user.is_admin)):
        abort(
            401 if not current_user.is_authenticated else 403,
            description="The metrics are for admins, or a scraper sending METRICS_TOKEN.",
        )
    response = exposition()
    response.headers.update(NO_STORE)
    return response


def _token_matches() -> bool:
    expected = current_app.config.get("METRICS_TOKEN")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if not expected or scheme.lower() != "bearer" or not given.strip():
        return False
    return hmac.compare_digest(given.strip().encode(), str(expected).encode())

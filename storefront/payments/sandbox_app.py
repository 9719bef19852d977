"""The payment sandbox served over HTTP as its own small Flask app (not the shop's).

Started by ``flask payment-sandbox``; see docs/payments.md for its answers,
test cards and test switch.
"""

from __future__ import annotations

import time
from pathlib import Path

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import run_simple

from .sandbox import Answer, Sandbox

MAX_BODY_BYTES = 64 * 1024


def create_sandbox_app(sandbox: Sandbox) -> Flask:
    """A Flask app answering the provider's API from ``sandbox``."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]

    @app.post("/v1/payments")
    def pay() -> tuple[Response, int]:
        body = request.get_json(silent=True)
        return send(sandbox.pay(request.headers.get("Idempotency-Key"), body))

    @app.get("/v1/payments/<key>")
    def find(key: str) -> tuple[Response, int]:
        return send(sandbox.find(key))

    @app.post("/v1/refunds")
    def refund() -> tuple[Response, int]:
        body = request.get_json(silent=True)
        return send(sandbox.refund(request.headers.get("Idempotency-Key"), body))

    @app.get("/v1/refunds/<key>")
    def find_refund(key: str) -> tuple[Response, int]:
        return send(sandbox.find_refund(key))

    @app.post("/v1/test/fail-next")
    def fail_next() -> tuple[Response, int]:
        return send(sandbox.fail_next(request.get_json(silent=True)))

    @app.get("/v1/test/ledger")
    def ledger() -> Response:
        return jsonify(
            charges=sandbox.ledger(request.args.get("key")), refunds=sandbox.refund_ledger()
        )

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        code = (error.name or "error").lower().replace(" ", "_")
        return jsonify(error=error.description, code=code), error.code or 500

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response, int]:
        app.logger.exception("unexpected error in the payment sandbox")
        return jsonify(error="The payment service had an unexpected error.", code="internal"), 500

    return app


def send(answer: Answer) -> tuple[Response, int]:
    """The answer as a response, sent only after its hold (a stall, or the slow card)."""
    if answer.hold_seconds > 0:
        time.sleep(answer.hold_seconds)
    return jsonify(answer.body), answer.status


def serve(host: str, port: int, data: Path, slow_seconds: float) -> None:
    """Run the sandbox on a threaded server until the process is stopped."""
    app = create_sandbox_app(Sandbox(data, slow_seconds=slow_seconds))
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)

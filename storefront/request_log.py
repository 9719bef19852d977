"""Logging: one line per request and per business event, as text or JSON."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from secrets import token_hex

from flask import Flask, Response, g, request
from flask_login import current_user

from .ops import PROBE_PATHS

REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
access_log = logging.getLogger("storefront.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class DevServerRequestLines(logging.Filter):
    """Drops the development server's own line per request: the shop logs each one already."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg
        return not (isinstance(message, str) and message.rstrip().endswith('"%s" %s %s'))


def configure_logging(app: Flask) -> None:
    """Send the shop's logs to standard error in the configured format."""
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, DevServerRequestLines) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(DevServerRequestLines())
    logger = logging.getLogger("storefront")
    if getattr(logger, "_storefront_configured", None) == app.config["LOG_FORMAT"]:
        return
    handler = logging.StreamHandler(sys.stderr)
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.handlers = [handler]
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = True  # so that test tools still see the records
    logger._storefront_configured = app.config["LOG_FORMAT"]  # type: ignore[attr-defined]


def register(app: Flask) -> None:
    """Time each request and log it when it ends."""

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()
        given = request.headers.get("X-Request-ID")
        g.request_id = given if given and REQUEST_ID_PATTERN.fullmatch(given) else token_hex(16)

    @app.after_request
    def log_request(response: Response) -> Response:
        started = g.get("request_started")
        if started is None or request.path in PROBE_PATHS:
            return response
        elapsed_ms = (time.perf_counter() - started) * 1000
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        user_id = user.get_id() if user.is_authenticated else None
        response.headers["X-Request-ID"] = g.request_id
        fields = {
            "request_id": g.request_id,
            "user_id": user_id,
            "method": request.method,
            "path": _loggable_path(),
            "status": response.status_code,
            "ms": round(elapsed_ms, 1),
        }
        access_log.info(
            "request_id=%s user=%s %s %s %s %.1fms",
            g.request_id,
            user_id or "-",
            request.method,
            fields["path"],
            response.status_code,
            elapsed_ms,
            extra={"fields": fields},
        )
        return response


def _loggable_path() -> str:
    """The request's path, with a secret in it (a ``<token>`` in the URL) left out."""
    rule = request.url_rule
    if rule is not None and request.view_args and "token" in request.view_args:
        return rule.rule
    return request.path

"""Addresses longer than the shop reads: 414, in the API's error shape under /api/ and as a
page elsewhere (``errors.py`` answers), rather than the server's own bare HTML.

gunicorn reads request lines of any length (``limit_request_line = 0`` in gunicorn.conf.py)
so that this check, with its one limit, the setting ``MAX_URL_LENGTH``, is the one that
answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestURITooLarge


def register(app: Flask) -> None:
    """Check each request's address before anything else reads the request."""
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_long_url)


def target_length(environ: Mapping[str, Any]) -> int:
    """The length of the address as the client sent it: path and query string."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        return len(raw)
    path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/")
    query = environ.get("QUERY_STRING", "")
    return len(path) + (len(query) + 1 if query else 0)


def refuse_long_url() -> None:
    limit = int(current_app.config["MAX_URL_LENGTH"])
    if target_length(request.environ) > limit:
        raise RequestURITooLarge(
            f"The address is longer than {limit} characters. Send fewer or shorter "
            "query parameters."
        )

"""Throttling log-ins without locking the real user out (OWASP's device cookies).

Failed tries at ``POST /login`` and ``POST /api/v1/tokens`` count in shared buckets:

- per address and account (``LOGIN_RATE_LIMIT``): one address guessing one account;
- per address (``LOGIN_ADDRESS_RATE_LIMIT``): one address trying many accounts;
- per account (``LOGIN_ACCOUNT_RATE_LIMIT``): many addresses guessing one account.

A browser that has logged in to an account before carries a signed device cookie naming it.
For that account such a browser skips the three buckets above and counts in its own
(``LOGIN_RATE_LIMIT`` per device), so an attack from elsewhere never locks it out, and a
stolen cookie still cannot guess fast. Usernames are kept in the counters' keys only as
digests (a username typed may be long, or any text).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import after_this_request, current_app, g, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .extensions import limiter

COOKIE = "storefront_device"
SALT = "storefront.login-device"
MAX_ACCOUNTS = 5  # accounts one browser is trusted for (the latest logged in)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def typed_username() -> str:
    """The username this log-in names, from the form or the JSON body."""
    if request.is_json:
        body = request.get_json(silent=True)
        value = body.get("username") if isinstance(body, dict) else None
    else:
        value = request.form.get("username")
    return value.strip().lower() if isinstance(value, str) else ""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _max_age() -> int:
    return int(timedelta(days=int(current_app.config["LOGIN_DEVICE_COOKIE_DAYS"])).total_seconds())


def _device() -> dict[str, Any] | None:
    """The device cookie's contents when its signature holds: ``{"n": id, "a": [digests]}``."""
    if "device" not in g:
        found = None
        raw = request.cookies.get(COOKIE)
        if raw and len(raw) < 4096:
            try:
                value = _serializer().loads(raw, max_age=_max_age())
            except BadSignature:
                value = None
            if isinstance(value, dict) and isinstance(value.get("a"), list):
                found = value
        g.device = found
    return g.device


def trusted() -> bool:
    """Whether this browser has logged in to the account it names now."""
    device = _device()
    return device is not None and _digest(typed_username()) in device["a"]


def untrusted() -> bool:
    return not trusted()


def _address_key() -> str:
    return "addr:" + (get_remote_address() or "")


def _address_account_key() -> str:
    return f"addr-acct:{get_remote_address() or ''}:{_digest(typed_username())}"


def _account_key() -> str:
    return "acct:" + _digest(typed_username())


def _device_key() -> str:
    device = _device() or {}
    return "device:" + str(device.get("n", ""))[:64]


def _failed(_response: Any) -> bool:
    return bool(g.get("login_failed"))


def _setting(name: str) -> Callable[[], str]:
    return lambda: str(current_app.config[name])


def limited(view: Callable[..., Any]) -> Callable[..., Any]:
    """Apply the four buckets to a log-in view (its POSTs); the view sets ``g.login_failed``."""
    # (scope, setting, key, when the bucket is skipped): a trusted browser skips the first
    # three and counts in its own; every other client the other way round.
    buckets = (
        ("login-address-account", "LOGIN_RATE_LIMIT", _address_account_key, trusted),
        ("login-address", "LOGIN_ADDRESS_RATE_LIMIT", _address_key, trusted),
        ("login-account", "LOGIN_ACCOUNT_RATE_LIMIT", _account_key, trusted),
        ("login-device", "LOGIN_RATE_LIMIT", _device_key, untrusted),
    )
    for scope, setting, key, skip in buckets:
        view = limiter.shared_limit(
            _setting(setting),
            scope,
            key_func=key,
            methods=["POST"],
            deduct_when=_failed,
            exempt_when=skip,
        )(view)
    return view


def remember_device(username: str) -> None:
    """After a successful log-in: trust this browser for ``username`` from now on."""
    device = _device() or {}
    accounts = [entry for entry in device.get("a", []) if isinstance(entry, str)]
    digest = _digest(username.strip().lower())
    accounts = [*(entry for entry in accounts if entry != digest), digest][-MAX_ACCOUNTS:]
    value = {"n": device.get("n") or secrets.token_urlsafe(16), "a": accounts}

    @after_this_request
    def set_cookie(response: Any) -> Any:
        response.set_cookie(
            COOKIE,
            _serializer().dumps(value),
            max_age=_max_age(),
            httponly=True,
            secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
            samesite="Lax",
        )
        return response

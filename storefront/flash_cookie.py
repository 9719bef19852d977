"""Flashed messages carried in a signed cookie of their own, not in the session store.

A flashed message lives from one request to the page after it. Kept in the server-side
session, it cost a write of the stored session when it was set and another when it was
shown: an add to the cart wrote the cart, then the session for "Added ... to your cart".
In their own cookie the messages travel with the visitor's next request, and the session
store is written only when the rest of the session changes (a cart, a login). The cookie
is signed with the secret key, so nobody can make the shop show words it never said; the
pages escape the messages as before.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask, Request, Response
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE_NAME = "storefront_flash"
SESSION_KEY = "_flashes"  # where Flask's flash() keeps them
_SALT = "storefront-flash"
# Browsers keep cookies up to about 4 KB: messages longer than this stay in the session.
MAX_COOKIE_BYTES = 3000

_serializers: WeakKeyDictionary[Flask, tuple[str, URLSafeSerializer]] = WeakKeyDictionary()


def _serializer(app: Flask) -> URLSafeSerializer:
    secret = str(app.secret_key or "")
    kept = _serializers.get(app)
    if kept is None or kept[0] != secret:
        kept = _serializers[app] = (secret, URLSafeSerializer(secret, salt=_SALT))
    return kept[1]


def read(app: Flask, request: Request) -> list[tuple[str, str]]:
    """The messages the visitor's cookie carries; none if absent or forged."""
    value = request.cookies.get(COOKIE_NAME)
    if not value:
        return []
    try:
        found = _serializer(app).loads(value)
    except BadSignature:
        return []
    if not isinstance(found, list):
        return []
    return [
        (entry[0], entry[1])
        for entry in found
        if isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)
    ]


def encode(app: Flask, flashes: list[Any]) -> str | None:
    """The cookie's value for ``flashes``, or None when it would be too large for a cookie."""
    value = _serializer(app).dumps([[str(category), str(text)] for category, text in flashes])
    return value if len(value) <= MAX_COOKIE_BYTES else None


def write(app: Flask, response: Response, value: str | None) -> None:
    """Set the cookie to ``value`` (from ``encode``), or remove it for None."""
    config = app.config
    if value is None:
        response.delete_cookie(COOKIE_NAME, path="/")
        return
    response.set_cookie(
        COOKIE_NAME,
        value,
        secure=bool(config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite=config["SESSION_COOKIE_SAMESITE"],
        path="/",
    )

"""A visitor's CSRF token kept in a signed cookie until the session has something to keep.

Flask-WTF keeps the raw CSRF token in the session. Stored server-side, that would cost a
session row (or Redis key) for every first visit that renders a form: a search engine or
a link opened once would fill the store. Until the session holds something worth storing
(a cart, a login, a flash message), the raw token travels in its own cookie instead,
signed with the secret key so nobody can choose it; forms carry Flask-WTF's usual signed
token, checked against it. Once the session is stored, the token lives there as before.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask, Request, Response
from itsdangerous import BadSignature, URLSafeSerializer

COOKIE_NAME = "storefront_csrf"
_SALT = "storefront-csrf-cookie"
# Keys a session may hold and still have nothing worth a stored row.
NOTHING_TO_KEEP = frozenset({"_permanent", "csrf_token"})


# One serializer per app and key: making one derives its signing key, on every first visit.
_serializers: WeakKeyDictionary[Flask, tuple[str, URLSafeSerializer]] = WeakKeyDictionary()


def _serializer(app: Flask) -> URLSafeSerializer:
    secret = str(app.secret_key or "")
    kept = _serializers.get(app)
    if kept is None or kept[0] != secret:
        kept = _serializers[app] = (secret, URLSafeSerializer(secret, salt=_SALT))
    return kept[1]


def field_name(app: Flask) -> str:
    """The session key Flask-WTF keeps its raw token under."""
    return str(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))


def read(app: Flask, request: Request) -> str | None:
    """The raw token from the visitor's cookie, or None if absent or forged."""
    value = request.cookies.get(COOKIE_NAME)
    if not value:
        return None
    try:
        token = _serializer(app).loads(value)
    except BadSignature:
        return None
    return token if isinstance(token, str) else None


def write(app: Flask, response: Response, token: str) -> None:
    """Give the visitor the raw token in a signed cookie, with the session cookie's flags."""
    config = app.config
    response.set_cookie(
        COOKIE_NAME,
        _serializer(app).dumps(token),
        max_age=int(config["PERMANENT_SESSION_LIFETIME"].total_seconds()),
        secure=bool(config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite=config["SESSION_COOKIE_SAMESITE"],
        path="/",
    )


def nothing_to_keep(session: Any) -> bool:
    """True when the session holds at most a CSRF token: no row is needed for it."""
    return set(session.keys()) <= NOTHING_TO_KEEP

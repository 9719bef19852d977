"""Security headers on every answer, and no caching of a signed-in user's pages."""

from __future__ import annotations

from flask import Flask, Response
from flask_login import current_user

# Only our own origin; images may also be inline SVG (the stylesheet's icons).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def register_headers(app: Flask) -> None:
    """Add the headers to every response."""

    wanted = list(HEADERS.items())
    if app.config["SESSION_COOKIE_SECURE"]:
        wanted.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # Each header unless the view set its own: one look at the headers, not one a header.
        present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118 (pairs otherwise)
        response.headers.extend([item for item in wanted if item[0].lower() not in present])
        # Files whose address changes with their content (images) stay cacheable by anyone.
        if "cache-control" in present and response.cache_control.public:
            return response
        if current_user and current_user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
            response.vary.add("Cookie")
        return response

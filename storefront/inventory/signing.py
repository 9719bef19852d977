"""HMAC-SHA256 signatures of webhook bodies, in the ``X-Signature`` header."""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``body`` under ``secret``."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` (hex, with or without ``sha256=``) signs ``body``; constant time."""
    if not header:
        return False
    given = header.strip()
    if given.lower().startswith(PREFIX):
        given = given[len(PREFIX) :]
    # Bytes, not text: compare_digest refuses non-ASCII text, and a header may carry any.
    return hmac.compare_digest(sign(secret, body).encode(), given.lower().encode("utf-8"))

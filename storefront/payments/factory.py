"""Which payment provider the shop uses: the service at PAYMENT_URL, or the sandbox in-process.

The app chooses it once (``PaymentGateway``, an extension bound in ``create_app``);
services ask the extension, views never choose.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from .client import HttpProvider, InProcessProvider
from .provider import PaymentProvider

EXTENSION = "storefront.payment_provider"
_lock = threading.Lock()


class PaymentGateway:
    """The app's payment provider, as a Flask extension: ``payment_gateway.provider``."""

    def init_app(self, app: Flask) -> None:
        """Bind to ``app``; the provider itself is made on first use."""
        app.extensions.setdefault(EXTENSION, None)

    @property
    def provider(self) -> PaymentProvider:
        """The current app's provider."""
        return provider_for(current_app._get_current_object())  # type: ignore[attr-defined]


def provider_for(app: Flask) -> PaymentProvider:
    """The app's payment provider, made once from its settings and kept for its lifetime."""
    provider = app.extensions.get(EXTENSION)
    if provider is None:
        with _lock:
            provider = app.extensions.get(EXTENSION)
            if provider is None:
                provider = app.extensions[EXTENSION] = _make(app)
    return provider


def _make(app: Flask) -> PaymentProvider:
    config = app.config
    retries = int(config["PAYMENT_RETRIES"])
    if config.get("PAYMENT_URL"):
        return HttpProvider(
            str(config["PAYMENT_URL"]),
            timeout=float(config["PAYMENT_TIMEOUT_SECONDS"]),
            retries=retries,
            backoff=float(config["PAYMENT_BACKOFF_SECONDS"]),
        )
    path = config.get("PAYMENT_SANDBOX_PATH") or Path(app.instance_path) / "payment-sandbox.db"
    return InProcessProvider(path, retries=retries)

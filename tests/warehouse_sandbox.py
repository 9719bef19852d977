"""The warehouse sandbox as a real process, for tests: ``flask warehouse-sandbox``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from tests.payment_sandbox import FLASK, SandboxProcess


class WarehouseProcess(SandboxProcess):
    """``flask --app wsgi warehouse-sandbox`` on a loopback port, keeping ``data``.

    ``env`` sets its settings (``BROKER_URL``, ``STOREFRONT_INVENTORY_QUEUE``...);
    ``options`` are extra command-line options (``--no-broker``, ``--webhook URL``).
    """

    def __init__(self, data: Path, env: dict[str, str], options: list[str] | None = None) -> None:
        super().__init__(data)
        self.env = env
        self.options = options or []
        self.start_seconds = 120  # a busy machine takes a while to import the shop

    def _command(self) -> list[str]:
        command = [str(FLASK), "--app", "wsgi", "warehouse-sandbox"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--data", str(self.data)]
        return command + self.options

    def _environment(self) -> dict[str, str]:
        return {"SECRET_KEY": "warehouse-sandbox-tests", **self.env}

    def call(self, method: str, path: str, json: Any = None) -> requests.Response:
        """One request to the warehouse's API."""
        return requests.request(method, self.url + path, json=json, timeout=10)

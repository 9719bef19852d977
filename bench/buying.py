"""The bench's buying runs: checkout against its reference, and pages while payments stall.

Both use the server as the shop ships it (``gunicorn.conf.py``: 2 workers x 8 threads).

1. The checkout reference (``bench/reference_checkout.py``), then the shop's
   ``POST /api/v1/orders``, each driven by the same 16 buyers on 10 products for the same
   time: orders per second, and the shop's share of the reference.
2. The catalogue loaded with wrk, first with nothing else going on, then while two
   checkouts wait on a payment provider that holds back its answers (the payment sandbox
   as its own process, with the slow test card): the catalogue's p99 in both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from bench import prepare, servers, wrk
from storefront.payments.sandbox import SLOW_CARD

ROOT = Path(__file__).resolve().parent.parent
STALLED = 2


def checkout(
    running: servers.Servers, env: dict[str, str], url: str, instance: Path, args: object
) -> tuple[dict, dict]:
    """The reference's figures and the shop's, from one run each."""
    buyers, seconds = args.buyers, args.duration  # type: ignore[attr-defined]
    with running.start("bench.reference:app", env, shipped=True) as base:
        reference = prepare.checkout(url, instance, buyers, seconds, api=base, path="/checkout")
    with running.start("wsgi:app", env, instance=instance, shipped=True) as base:
        shop = prepare.checkout(url, instance, buyers, seconds, api=base)
    return reference, shop


def catalogue_while_stalled(
    running: servers.Servers, env: dict[str, str], instance: Path, seconds: int
) -> tuple[wrk.Result, wrk.Result]:
    """The catalogue's figures without, then with, two checkouts waiting on the provider."""
    hold = seconds + 10  # the provider holds each answer for longer than the load lasts
    sandbox = _Sandbox(instance / "stalling-sandbox.db", hold)
    with sandbox:
        settings = {
            **env,
            "PAYMENT_URL": sandbox.url,
            "STOREFRONT_PAYMENT_TIMEOUT_SECONDS": str(hold + 5),
        }
        with running.start("wsgi:app", settings, instance=instance, shipped=True) as base:
            catalogue = f"{base}/products?sort=brand"
            requests.get(catalogue, timeout=30)  # warm both workers' caches a little
            quiet = wrk.run(catalogue, seconds, 4)
            waiting = [
                threading.Thread(target=_stalled_checkout, args=(base, number))
                for number in range(STALLED)
            ]
            for thread in waiting:
                thread.start()
            sandbox.wait_for_payments(STALLED)
            stalled = wrk.run(catalogue, seconds, 4)
            for thread in waiting:
                thread.join()
    return quiet, stalled


def _stalled_checkout(base: str, number: int) -> None:
    """One buyer's order paid with the slow card: it waits on the provider."""
    credentials = {"username": f"bench-staller-{number}", "password": "bench-staller-password"}
    requests.post(f"{base}/api/v1/users", json=credentials, timeout=30)  # 409 once it exists
    token = requests.post(f"{base}/api/v1/tokens", json=credentials, timeout=30).json()["token"]
    product = requests.get(f"{base}/api/v1/products?per_page=1", timeout=30).json()["items"][0]
    body = {
        "lines": [{"product_id": product["id"], "quantity": 1}],
        "card": {"name": "Bench Staller", "number": SLOW_CARD, "expiry": "1299", "cvv": "123"},
    }
    headers = {"Authorization": f"Bearer {token}"}
    requests.post(f"{base}/api/v1/orders", json=body, headers=headers, timeout=600)


class _Sandbox:
    """The payment sandbox as its own process, holding back the slow card's answer."""

    def __init__(self, data: Path, hold_seconds: int) -> None:
        self.data, self.hold = data, hold_seconds
        self.url = f"http://127.0.0.1:{servers.free_port()}"
        self.process: subprocess.Popen[str] | None = None
        self.lines: list[str] = []

    def __enter__(self) -> _Sandbox:
        port = self.url.rsplit(":", 1)[1]
        command = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "payment-sandbox"]
        command += ["--port", port, "--data", str(self.data), "--slow-seconds", str(self.hold)]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "SECRET_KEY": "bench-sandbox"},
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/health", timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("the payment sandbox did not start")

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def _read(self) -> None:
        assert self.process is not None
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for_payments(self, count: int, timeout: float = 60) -> None:
        """Until ``count`` charges have been made (and their answers are being held)."""
        deadline = time.monotonic() + timeout
        while sum("payment succeeded" in line for line in self.lines) < count:
            if time.monotonic() > deadline:
                raise RuntimeError("the stalled checkouts never reached the sandbox")
            time.sleep(0.05)

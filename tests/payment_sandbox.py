"""The payment sandbox as a real process, for tests: start it, stop it, read its console.

``tests/conftest.py`` exposes the fixtures: ``payment_sandbox`` (one process per test
session, started on first use), ``sandbox`` (that process, with its test switch
cleared before each test) and ``sandbox_url``. Tests keep apart by using fresh
idempotency keys (``new_key()``), so they can share the process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from storefront.payments.cards import Card
from storefront.payments.provider import ChargeRequest
from storefront.payments.sandbox import SUCCESS_CARD

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"
SLOW_SECONDS = 2.0  # how long the slow card and stalls hold their answer here
CLIENT_TIMEOUT = 1.0  # what the tests' clients wait for an answer
START_SECONDS = 60.0  # generous: a busy machine starts Python slowly
STOP_SECONDS = 5.0


def new_key() -> str:
    """A fresh idempotency key shaped like the shop's: ``<order id>-<attempt>``."""
    return f"{uuid.uuid4()}-1"


def charge_request(
    number: str = SUCCESS_CARD, *, key: str | None = None, amount_cents: int = 1299
) -> ChargeRequest:
    """A charge of ``amount_cents`` on a test card, under ``key`` or a fresh one."""
    key = key or new_key()
    return ChargeRequest(
        key=key,
        amount_cents=amount_cents,
        currency="USD",
        reference=key.rsplit("-", 1)[0],
        customer="customer-1",
        card=Card(name="Ada Lovelace", number=number, expiry="1240", cvv="123"),
    )


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SandboxProcess:
    """``flask payment-sandbox`` in its own process, on a loopback port, keeping ``data``."""

    def __init__(self, data: Path, *, slow_seconds: float = SLOW_SECONDS) -> None:
        self.data = data
        self.slow_seconds = slow_seconds
        self.log_path = data.with_suffix(".log")
        self.start_seconds = START_SECONDS
        self.port = 0
        self.process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._lines: list[str] = []
        self._lines_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process (on its previous port when it had one) and wait until it answers."""
        ports = [self.port] if self.port else []
        ports += [free_port() for _ in range(3)]
        for port in ports:
            self.port = port
            self._launch()
            if self._wait_until_healthy():
                return
            self.stop()
        raise RuntimeError(f"the sandbox did not start:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        """Ask the process to end; kill it if it does not within a few seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(STOP_SECONDS)
        if self._reader:
            self._reader.join(STOP_SECONDS)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    # -- what tests ask of it ----------------------------------------------

    def fail_next(self, count: int, mode: str = "error", seconds: float | None = None) -> None:
        """Make the next ``count`` payment requests answer 500 (error) or stall."""
        body: dict[str, Any] = {"count": count, "mode": mode}
        if seconds is not None:
            body["seconds"] = seconds
        response = requests.post(f"{self.url}/v1/test/fail-next", json=body, timeout=5)
        response.raise_for_status()

    def ledger(self, key: str | None = None) -> list[dict[str, Any]]:
        """The remembered results, all or ``key``'s."""
        params = {"key": key} if key else None
        response = requests.get(f"{self.url}/v1/test/ledger", params=params, timeout=5)
        response.raise_for_status()
        return list(response.json()["charges"])

    def charges(self, key: str) -> list[dict[str, Any]]:
        """The successful charges under ``key``."""
        return [row for row in self.ledger(key) if row["status"] == "succeeded"]

    def console(self) -> list[str]:
        """Every line the process has printed to standard output so far."""
        with self._lines_lock:
            return list(self._lines)

    def wait_for_console(self, text: str, timeout: float = 5.0) -> list[str]:
        """The console lines containing ``text``, once at least one has appeared."""
        deadline = time.monotonic() + timeout
        while True:
            found = [line for line in self.console() if text in line]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.02)

    def stderr(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    # -- inside ---------------------------------------------------------------

    def _command(self) -> list[str]:
        """The sandbox's command line."""
        command = [str(FLASK), "--app", "wsgi", "payment-sandbox"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--data", str(self.data)]
        return [*command, "--slow-seconds", str(self.slow_seconds)]

    def _environment(self) -> dict[str, str]:
        # A given secret key spares the app factory from writing one into the instance folder.
        return {"SECRET_KEY": "payment-sandbox-tests-long-enough-for-the-start-check"}

    def _launch(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self._environment()}
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                self._command(),
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        self._reader = threading.Thread(target=self._read, args=(self.process,), daemon=True)
        self._reader.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            with self._lines_lock:
                self._lines.append(line.rstrip("\n"))

    def _wait_until_healthy(self) -> bool:
        deadline = time.monotonic() + self.start_seconds
        while time.monotonic() < deadline:
            if not self.running:
                return False
            try:
                if requests.get(f"{self.url}/health", timeout=1).ok:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.1)
        return False


@pytest.fixture(scope="session")
def payment_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    """One sandbox process for the test session, stopped at its end."""
    process = SandboxProcess(tmp_path_factory.mktemp("payment-sandbox") / "sandbox.db")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def sandbox(payment_sandbox: SandboxProcess) -> SandboxProcess:
    """The session's sandbox process, running, with no failures queued."""
    if not payment_sandbox.running:
        payment_sandbox.start()
    payment_sandbox.fail_next(0)
    return payment_sandbox


@pytest.fixture
def sandbox_url(sandbox: SandboxProcess) -> str:
    """Where the running sandbox answers, e.g. for ``PAYMENT_URL``."""
    return sandbox.url

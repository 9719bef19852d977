"""The shop served by gunicorn as it ships (``gunicorn.conf.py``), for tests over real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.payment_sandbox import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Cheap password hashing, so that registering in a test costs no time.
FAST_HASHING = {"STOREFRONT_PASSWORD_TIME_COST": "1", "STOREFRONT_PASSWORD_MEMORY_COST": "1024"}


@contextmanager
def served(database_url: str, log: Path, **settings: str) -> Iterator[str]:
    """Run gunicorn from the project's root with only a port given; yield its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "served-shop-tests-long-enough-for-the-start-check",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "STOREFRONT_LOG_LEVEL": "WARNING",
        **FAST_HASHING,
        **settings,
    }
    with log.open("ab") as output:
        server = subprocess.Popen([str(GUNICORN)], cwd=ROOT, env=env, stdout=output, stderr=output)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def _wait_until_up(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log.read_text()}")
        try:
            if requests.get(base + "/login", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")

"""Login throttling holds across two gunicorn worker processes that share Redis."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
import requests

from storefront.services import accounts
from tests.helpers import PASSWORD, require_service
from tests.payment_sandbox import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def two_workers(app, tmp_path):
    parts = urlsplit(REDIS_URL)
    require_service("Redis", parts.hostname or "127.0.0.1", parts.port or 6379)
    with app.app_context():
        accounts.register("alice", PASSWORD)
    port = free_port()
    prefix = f"throttle-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "two-workers-test-long-enough-for-the-start-check",
        "REDIS_URL": REDIS_URL,
        "STOREFRONT_RATELIMIT_KEY_PREFIX": prefix,
        "STOREFRONT_SESSION_KEY_PREFIX": f"{prefix}:session:",
        "STOREFRONT_PASSWORD_TIME_COST": "1",
        "STOREFRONT_PASSWORD_MEMORY_COST": "1024",
        "STOREFRONT_LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "access.log"
    command = [
        str(GUNICORN),
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        str(log),
        "--access-logformat",
        "%(p)s %(m)s %(U)s %(s)s",
        "wsgi:app",
    ]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
    except BaseException:
        server.kill()
        raise
    yield base, log, prefix
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/login", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start")


def failed_login(base: str, password: str = "wrong password!") -> int:
    with requests.Session() as session:
        token = TOKEN.search(session.get(base + "/login", timeout=10).text).group(1)
        data = {"username": "alice", "password": password, "csrf_token": token}
        return session.post(
            base + "/login", data=data, timeout=10, allow_redirects=False
        ).status_code


def pids_that_answered(log: Path) -> set[str]:
    time.sleep(0.3)  # let the access log reach the file
    return {line.split()[0] for line in log.read_text().splitlines() if line.strip()}


def test_the_eleventh_failure_is_refused_whichever_worker_answers(two_workers):
    base, log, prefix = two_workers
    # Both worker processes take requests: load pages at once until each has answered.
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(25):
            list(pool.map(lambda _n: requests.get(base + "/login", timeout=10), range(8)))
            if len(pids_that_answered(log)) == 2:
                break
    assert len(pids_that_answered(log)) == 2, "both worker processes answered"

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(lambda _n: failed_login(base), range(10)))
    assert codes == [200] * 10
    assert failed_login(base) == 429
    assert failed_login(base, PASSWORD) == 429
    # The count lives in Redis, shared by every process, not in a worker's memory.
    server = redis.Redis.from_url(REDIS_URL)
    keys = list(server.scan_iter(f"*{prefix}*"))
    assert keys
    server.delete(*keys)

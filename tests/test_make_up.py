"""`make up` end to end: the Procfile's processes started by bin/up (as `make up` does) on this
machine's PostgreSQL, Redis and RabbitMQ, and driven like a customer and an operator would.

A fresh database (created by bin/up), this test's own queue and ports; the payment sandbox
and the warehouse consumer are their own processes. Real waiting, bounded, never timed.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pika
import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storefront.config import normalise_database_url
from storefront.payments.sandbox import SUCCESS_CARD
from tests.helpers import PASSWORD, require_service, typed
from tests.payment_sandbox import free_port
from tests.served_shop import served
from tests.test_ops_metrics import value

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BROKER_URL = os.environ.get("TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
TOKEN = "make-up-metrics-token-0123456789"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
START_SECONDS = 300  # the first run migrates and seeds before the shop answers


def _require(url: str, name: str, port: int) -> None:
    parts = urlsplit(url)
    require_service(name, parts.hostname or "127.0.0.1", parts.port or port)


@pytest.fixture
def system(tmp_path, worker_id) -> Iterator[dict[str, str]]:
    _require(SERVER_URL, "PostgreSQL", 5432)
    _require(REDIS_URL, "Redis", 6379)
    _require(BROKER_URL, "RabbitMQ", 5672)
    server = make_url(normalise_database_url(SERVER_URL))
    name = f"storefront_up_{worker_id}_{uuid.uuid4().hex[:6]}"
    database_url = server.set(database=name).render_as_string(hide_password=False)
    web, payments, warehouse = free_port(), free_port(), free_port()
    queue = f"storefront.up-test.{uuid.uuid4().hex}"
    env = {
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "BROKER_URL": BROKER_URL,
        "SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
        "GUNICORN_BIND": f"127.0.0.1:{web}",
        "WEB_CONCURRENCY": "1",
        "PAYMENT_URL": f"http://127.0.0.1:{payments}",
        "PAYMENT_SANDBOX_PORT": str(payments),
        "PAYMENT_SANDBOX_DATA": str(tmp_path / "payments.db"),
        "WAREHOUSE_SANDBOX_PORT": str(warehouse),
        "WAREHOUSE_SANDBOX_DATA": str(tmp_path / "warehouse.db"),
        "DEMO_PRODUCTS": "30",
        "STOREFRONT_METRICS_TOKEN": TOKEN,
        "STOREFRONT_INVENTORY_QUEUE": queue,
        "STOREFRONT_RATELIMIT_KEY_PREFIX": f"up-{uuid.uuid4().hex[:8]}",
        "STOREFRONT_SESSION_KEY_PREFIX": f"up-{uuid.uuid4().hex[:8]}:session:",
        "STOREFRONT_PASSWORD_TIME_COST": "1",
        "STOREFRONT_PASSWORD_MEMORY_COST": "1024",
    }
    env_file = tmp_path / "up.env"
    env_file.write_text("".join(f"{key}={value}\n" for key, value in env.items()))
    log = tmp_path / "up.log"
    clean = {k: v for k, v in os.environ.items() if k not in env and not k.startswith("STOREFRONT")}
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(ROOT / "bin" / "up")],
            cwd=ROOT,
            env={**clean, "ENV_FILE": str(env_file), "PATH": f"{BIN}:{os.environ['PATH']}"},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{web}"
    try:
        _wait_for(f"{base}/healthz", process, log)
        _wait_for(f"http://127.0.0.1:{warehouse}/health", process, log)
        warehouse_url = f"http://127.0.0.1:{warehouse}"
        yield {**env, "base": base, "log": str(log), "warehouse": warehouse_url}
    finally:
        _stop(process)
        _drop(server, name, queue)


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"bin/up stopped:\n{log.read_text()[-5000:]}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    pytest.fail(f"the shop did not answer:\n{log.read_text()[-5000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a person would; honcho stops every process it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _drop(server, name: str, queue: str) -> None:
    engine = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
    connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    connection.channel().queue_delete(queue)
    connection.close()


def _form(session: requests.Session, page: str, action: str, data: dict) -> requests.Response:
    token = CSRF.search(session.get(page, timeout=30).text)
    assert token, page
    return session.post(action, data={**data, "csrf_token": token.group(1)}, timeout=60)


def _metrics(base: str) -> str:
    page = requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert page.status_code == 200
    return page.text


def test_make_up_runs_the_whole_system(system, tmp_path):
    base = system["base"]
    log = Path(system["log"]).read_text()
    for name in (
        "web",
        "payments",
        "consumer",
        "warehouse",
        "worker",
    ):  # every process's output carries its name
        assert re.search(rf"^\S*\s*{name}\.1\s*\|", log, re.MULTILINE), name

    ready = requests.get(f"{base}/readyz", timeout=30)
    assert ready.status_code == 200, ready.text
    assert {k: v["ok"] for k, v in ready.json()["checks"].items()} == {
        "database": True,
        "redis": True,
        "broker": True,
    }
    paid_before = value(_metrics(base), "storefront_orders_paid_total")
    assert paid_before > 0  # the demo history was seeded, paid through the sandbox process

    # A customer buys through the pages; the separate payment sandbox takes the money.
    browser = requests.Session()
    _form(
        browser,
        f"{base}/register",
        f"{base}/register",
        {"username": "walker", "password": PASSWORD, "confirm": PASSWORD},
    )
    product = requests.get(f"{base}/api/v1/products?sort=price", timeout=30).json()["items"][0]
    _form(
        browser,
        f"{base}/products/{product['slug']}",
        f"{base}/cart/add",
        {"product_id": product["id"], "quantity": 1, "next": "/cart"},
    )
    checkout = browser.get(f"{base}/checkout", timeout=30).text
    cart_id = re.search(r'name="cart_id" type="hidden" value="([^"]+)"', checkout).group(1)
    card = {"name": "Ann Walker", "number": typed(SUCCESS_CARD), "expiry": "1239", "cvv": "123"}
    placed = _form(browser, f"{base}/checkout", f"{base}/checkout", {**card, "cart_id": cart_id})
    assert re.search(r"/orders/[0-9a-f-]{36}$", placed.url), placed.url
    order_id = placed.url.rsplit("/", 1)[1]
    assert "Paid" in placed.text or "paid" in placed.text
    ledger = requests.get(
        f"{system['PAYMENT_URL']}/v1/test/ledger", params={"key": f"{order_id}-1"}, timeout=30
    ).json()["charges"]
    assert [row["status"] for row in ledger] == ["succeeded"]

    assert value(_metrics(base), "storefront_orders_paid_total") == paid_before + 1

    # An item created in the warehouse sandbox reaches the catalogue through the consumer.
    item = f"Amp {uuid.uuid4().hex[:8]}"
    created = requests.post(
        f"{system['warehouse']}/api/item", json={"item": {"name": item, "price": 12300}}, timeout=30
    )
    assert created.status_code == 201, created.text
    deadline = time.monotonic() + 120
    names: list[str] = []
    while time.monotonic() < deadline:
        listing = requests.get(f"{base}/api/v1/products?sort=newest&per_page=50", timeout=30)
        names = [p["name"] for p in listing.json()["items"]]
        if item in names:
            break
        time.sleep(0.5)
    assert item in names

    # Redis unreachable (a dead port, not the shared server stopped): /readyz says so.
    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings = {"REDIS_URL": dead, "BROKER_URL": BROKER_URL, "SECRET_KEY": system["SECRET_KEY"]}
    with served(system["DATABASE_URL"], tmp_path / "dead-redis.log", **settings) as other:
        answer = requests.get(f"{other}/readyz", timeout=30)
    assert answer.status_code == 503
    checks = answer.json()["checks"]
    assert (checks["database"]["ok"], checks["redis"]["ok"]) == (True, False)

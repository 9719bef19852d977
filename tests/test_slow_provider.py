"""A slow payment provider stalls nobody: with the shop served as it ships, pages answer
while checkouts wait on the provider.

Real processes and real waiting: gunicorn with ``gunicorn.conf.py`` (two workers), and the
payment sandbox as its own process, holding back its answer to the slow test card.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from storefront.payments.sandbox import SLOW_CARD
from tests import factories
from tests.payment_sandbox import SandboxProcess
from tests.served_shop import served

STALL_SECONDS = 8.0  # how long the sandbox holds each slow answer
STALLED = 4  # more waiting checkouts than the server has worker processes
CARD = {"name": "Ada Lovelace", "number": SLOW_CARD, "expiry": "1240", "cvv": "123"}


@pytest.fixture
def slow_sandbox(tmp_path):
    process = SandboxProcess(tmp_path / "sandbox.db", slow_seconds=STALL_SECONDS)
    process.start()
    yield process
    process.stop()


def buyer(base: str, number: int) -> dict[str, str]:
    """A customer of the served shop, with a bearer token."""
    credentials = {"username": f"buyer{number}", "password": "correct horse battery"}
    assert requests.post(f"{base}/api/v1/users", json=credentials, timeout=30).status_code == 201
    token = requests.post(f"{base}/api/v1/tokens", json=credentials, timeout=30).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_pages_answer_while_checkouts_wait_on_a_slow_provider(app, tmp_path, slow_sandbox):
    with app.app_context():
        product = factories.product("Telecaster", price_cents=89900, stock=20)
        product_id, slug = str(product.id), product.slug
    settings = {"PAYMENT_URL": slow_sandbox.url, "STOREFRONT_PAYMENT_TIMEOUT_SECONDS": "30"}
    with served(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "shop.log", **settings) as base:
        headers = [buyer(base, number) for number in range(STALLED)]
        body = {"lines": [{"product_id": product_id, "quantity": 1}], "card": CARD}

        def checkout(number: int) -> int:
            answer = requests.post(
                f"{base}/api/v1/orders", json=body, headers=headers[number], timeout=60
            )
            return answer.status_code

        with ThreadPoolExecutor(max_workers=STALLED) as pool:
            stalled = [pool.submit(checkout, number) for number in range(STALLED)]
            # Every checkout has reached the provider, which now holds its answer.
            charged = slow_sandbox.wait_for_console("payment succeeded", timeout=20)
            while len(charged) < STALLED and not all(f.done() for f in stalled):
                charged = slow_sandbox.wait_for_console("payment succeeded", timeout=1)
            assert len(charged) == STALLED

            pages = ["/", f"/products/{slug}", "/api/v1/products", "/login"]
            codes = [requests.get(base + page, timeout=30).status_code for page in pages]
            still_waiting = [not future.done() for future in stalled]

            assert codes == [200, 200, 200, 200]
            assert all(still_waiting), "the pages answered before the stalled payments finished"
            assert [future.result() for future in stalled] == [201] * STALLED

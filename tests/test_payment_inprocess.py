"""The sandbox in-process (the embedded setup), and how the shop picks its provider."""

from __future__ import annotations

import threading
import time

from storefront import create_app
from storefront.payments import provider_for
from storefront.payments.client import HttpProvider, InProcessProvider
from storefront.payments.provider import Outcome
from storefront.payments.sandbox import SLOW_CARD, SUCCESS_CARD
from tests.payment_sandbox import charge_request


def test_each_success_prints_its_console_line_once(tmp_path, capsys):
    provider = InProcessProvider(tmp_path / "sandbox.db")
    request = charge_request(SUCCESS_CARD, amount_cents=500)
    payment_id = provider.charge(request).payment_id
    provider.charge(request)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"payment succeeded customer=customer-1 amount=5.00 payment={payment_id}"]


def test_slow_card_is_charged_and_its_answer_lost_without_waiting(tmp_path):
    provider = InProcessProvider(tmp_path / "sandbox.db")
    started = time.monotonic()
    request = charge_request(SLOW_CARD)
    assert provider.charge(request).outcome is Outcome.UNKNOWN
    assert time.monotonic() - started < 1
    assert provider.lookup(request.key).outcome is Outcome.PAID


def test_concurrent_charges_with_one_key_charge_once(tmp_path):
    provider = InProcessProvider(tmp_path / "sandbox.db")
    request = charge_request(SUCCESS_CARD)
    barrier = threading.Barrier(10)
    results = []

    def charge() -> None:
        barrier.wait()
        results.append(provider.charge(request))

    threads = [threading.Thread(target=charge) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {(result.outcome, result.payment_id) for result in results} == {
        (Outcome.PAID, results[0].payment_id)
    }
    assert len(provider.sandbox.ledger(request.key)) == 1


def test_two_providers_on_one_file_share_results(tmp_path):
    request = charge_request(SUCCESS_CARD)
    payment_id = InProcessProvider(tmp_path / "sandbox.db").charge(request).payment_id
    found = InProcessProvider(tmp_path / "sandbox.db").lookup(request.key)
    assert (found.outcome, found.payment_id) == (Outcome.PAID, payment_id)


def test_without_payment_url_the_shop_uses_the_sandbox_in_its_instance_folder(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.delenv("PAYMENT_URL", raising=False)
    app = make_app()
    provider = provider_for(app)
    assert isinstance(provider, InProcessProvider)
    assert provider.sandbox.path == tmp_path / "instance" / "payment-sandbox.db"
    assert provider_for(app) is provider
    assert app.config["PAYMENT_CURRENCY"] == "USD"


def test_the_sandbox_file_can_be_chosen(make_app, tmp_path, monkeypatch):
    monkeypatch.delenv("PAYMENT_URL", raising=False)
    app = make_app(PAYMENT_SANDBOX_PATH=tmp_path / "elsewhere.db")
    assert provider_for(app).sandbox.path == tmp_path / "elsewhere.db"


def test_payment_url_selects_the_http_client_with_its_settings(make_app):
    app = make_app(
        PAYMENT_URL="http://127.0.0.1:5001/",
        PAYMENT_TIMEOUT_SECONDS=2,
        PAYMENT_RETRIES=4,
        PAYMENT_BACKOFF_SECONDS=0.5,
    )
    provider = provider_for(app)
    assert isinstance(provider, HttpProvider)
    assert (provider.base_url, provider.timeout) == ("http://127.0.0.1:5001", (2.0, 2.0))
    assert (provider.retries, provider.backoff) == (4, 0.5)
    assert provider_for(app) is provider


def test_payment_url_is_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYMENT_URL", "http://payments.internal:8080")
    monkeypatch.setenv("STOREFRONT_PAYMENT_TIMEOUT_SECONDS", "3")
    app = create_app({"INSTANCE_PATH": tmp_path, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    provider = provider_for(app)
    assert isinstance(provider, HttpProvider)
    assert provider.timeout == (3.0, 3.0)


def test_the_defaults_are_a_few_seconds_and_three_tries(tmp_path):
    app = create_app({"INSTANCE_PATH": tmp_path, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["PAYMENT_TIMEOUT_SECONDS"] == 5
    assert app.config["PAYMENT_RETRIES"] == 2
    assert app.config["PAYMENT_SANDBOX_SLOW_SECONDS"] > app.config["PAYMENT_TIMEOUT_SECONDS"]


def test_the_sandbox_command_is_registered(runner):
    result = runner.invoke(args=["payment-sandbox", "--help"])
    assert result.exit_code == 0, result.output
    for option in ("--host", "--port", "--data", "--slow-seconds"):
        assert option in result.output

"""One log line per request, under the development server too; a quiet `seed-demo`; seeding
refuses when the payment provider it is told to use does not answer."""

from __future__ import annotations

import logging
import threading

import requests
from werkzeug.serving import make_server

from tests.payment_sandbox import free_port


def test_the_development_server_adds_no_second_line_per_request(make_app, caplog):
    app = make_app()
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="storefront")
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_port
        assert requests.get(f"http://127.0.0.1:{port}/login", timeout=30).status_code == 200
    finally:
        server.shutdown()
        thread.join(10)
    lines = [r.getMessage() for r in caplog.records if "/login" in r.getMessage()]
    assert len(lines) == 1, lines
    assert [r.name for r in caplog.records if "/login" in r.getMessage()] == ["storefront.access"]


def test_seed_demo_shows_progress_and_a_summary_not_a_line_per_event(runner):
    result = runner.invoke(args=["seed-demo", "--products", "30"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert any(line.startswith("Seeded 3 stores") for line in lines)
    assert not [line for line in lines if "succeeded" in line]  # no sandbox receipts
    assert len(lines) <= 8, lines


def test_seeding_refuses_when_the_payment_provider_does_not_answer(make_app):
    dead = f"http://127.0.0.1:{free_port()}"
    app = make_app(PAYMENT_URL=dead)
    result = app.test_cli_runner().invoke(args=["seed-demo", "--wait-for-payments", "0"])
    assert result.exit_code != 0
    assert f"The payment provider at PAYMENT_URL={dead} does not answer" in result.output
    assert "Nothing was seeded." in result.output
    assert "Seeded" not in result.output


def test_seeding_waits_for_a_provider_that_answers(make_app, sandbox_url):
    app = make_app(PAYMENT_URL=sandbox_url)
    result = app.test_cli_runner().invoke(args=["seed-demo", "--products", "30"])
    assert result.exit_code == 0, result.output
    assert "shopping sessions over the past four weeks" in result.output

"""The start check: settings production must get right are refused with a clear message."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storefront import create_app
from storefront.startup import SettingsError

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"
SERVER_DB = "postgresql://shop@127.0.0.1:1/shop"  # never connected to: the check comes first
GOOD_KEY = "k" * 40


def build(tmp_path, monkeypatch, **settings):
    for name in ("SECRET_KEY", "STOREFRONT_SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return create_app({"INSTANCE_PATH": tmp_path, **settings})


def test_a_server_database_without_a_secret_key_is_refused(tmp_path, monkeypatch):
    with pytest.raises(SettingsError, match="SECRET_KEY is not set"):
        build(tmp_path, monkeypatch, DATABASE_URL=SERVER_DB)
    assert not (tmp_path / "secret_key").exists()  # no key was made up for it


def test_a_short_secret_key_with_a_server_database_is_refused(tmp_path, monkeypatch):
    with pytest.raises(SettingsError, match="at least 32"):
        build(tmp_path, monkeypatch, DATABASE_URL=SERVER_DB, SECRET_KEY="changeme")


def test_a_long_key_with_a_server_database_starts_and_sqlite_needs_none(tmp_path, monkeypatch):
    app = build(tmp_path, monkeypatch, DATABASE_URL=SERVER_DB, SECRET_KEY=GOOD_KEY)
    assert app.config["SECRET_KEY"] == GOOD_KEY
    embedded = build(tmp_path / "embedded", monkeypatch)
    assert len(embedded.config["SECRET_KEY"]) >= 32


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"PAYMENT_CURRENCY": "XYZ"}, "is not an ISO 4217 currency"),
        ({"PAYMENT_CURRENCY": "eur"}, "is not an ISO 4217 currency"),
        ({"PAYMENT_CURRENCY": "JPY"}, "has 0 decimal places"),
        ({"MONEY_LOCALE": "xx_NOWHERE"}, "is not a known locale"),
    ],
)
def test_currencies_and_locales_that_cannot_work_are_refused(
    tmp_path, monkeypatch, settings, message
):
    with pytest.raises(SettingsError, match=message):
        build(tmp_path, monkeypatch, **settings)


def test_an_insecure_session_cookie_with_a_server_database_is_advised_on(
    tmp_path, monkeypatch, caplog
):
    caplog.set_level(logging.WARNING, logger="storefront.startup")
    build(tmp_path, monkeypatch, DATABASE_URL=SERVER_DB, SECRET_KEY=GOOD_KEY)
    assert "STOREFRONT_SESSION_COOKIE_SECURE=true" in caplog.text
    caplog.clear()
    build(
        tmp_path,
        monkeypatch,
        DATABASE_URL=SERVER_DB,
        SECRET_KEY=GOOD_KEY,
        **{"SESSION_COOKIE_SECURE": True},
    )
    assert "SESSION_COOKIE_SECURE" not in caplog.text


def test_the_command_line_stops_with_the_message_not_a_traceback(tmp_path):
    env = {**os.environ, "DATABASE_URL": SERVER_DB, "SECRET_KEY": "short"}
    result = subprocess.run(
        [str(FLASK), "--app", "wsgi", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Storefront cannot start: SECRET_KEY is 5 characters long" in result.stderr
    assert "Traceback" not in result.stderr

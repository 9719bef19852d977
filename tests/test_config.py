"""Settings from the environment, and the embedded defaults."""

from __future__ import annotations

import json
import logging

from storefront import create_app
from storefront.config import normalise_database_url
from storefront.request_log import JsonFormatter


def test_secret_key_is_made_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("STOREFRONT_SECRET_KEY", raising=False)
    config = {"INSTANCE_PATH": tmp_path, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    first = create_app(dict(config)).config["SECRET_KEY"]
    second = create_app(dict(config)).config["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("STOREFRONT_CART_TTL_MINUTES", "15")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["CART_TTL_MINUTES"] == 15
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.db")


def test_embedded_default_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": tmp_path})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'storefront.db'}"
    assert app.config["SESSION_TYPE"] == "sqlalchemy"


def test_postgres_urls_use_psycopg():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_json_log_lines():
    record = logging.LogRecord("storefront.access", logging.INFO, __file__, 1, "hello", (), None)
    record.fields = {"status": 200}
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello"
    assert line["status"] == 200

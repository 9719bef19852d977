"""Fixtures: a real app on a real, fresh database for every test.

SQLite by default (a migrated template file copied per test); PostgreSQL when
TEST_DATABASE_URL is set (one migrated database per test worker, emptied after
every test).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storefront import create_app
from storefront.config import normalise_database_url
from storefront.extensions import db
from tests.api_helpers import api, shop  # noqa: F401 (fixtures)
from tests.helpers import AuthActions
from tests.payment_sandbox import payment_sandbox, sandbox, sandbox_url  # noqa: F401 (fixtures)
from tests.smtp_server import smtp_server  # noqa: F401 (fixture)

BASE_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "TASK_QUEUE": "off",  # tests deliver the outbox themselves (mail_delivery.deliver_due)
    "SECRET_KEY": "test-secret-key-long-enough-for-the-start-check",
    "PASSWORD_TIME_COST": 1,
    "PASSWORD_MEMORY_COST": 1024,
    "RATELIMIT_STORAGE_URI": "memory://",
    "LOG_LEVEL": "WARNING",
}


def migrate(url: str, instance: Path) -> None:
    """Build the schema at ``url`` with the project's migrations."""
    from flask_migrate import upgrade

    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": instance})
    with app.app_context():
        upgrade()
        db.engine.dispose()


class SqliteDatabases:
    """A migrated template file, copied for each test."""

    def __init__(self, root: Path) -> None:
        self.template = root / "template.db"
        migrate(f"sqlite:///{self.template}", root / "instance")

    def fresh(self, directory: Path) -> str:
        target = directory / "shop.db"
        shutil.copyfile(self.template, target)
        return f"sqlite:///{target}"

    def clean(self) -> None:
        """Nothing to do: every test has its own file."""


class PostgresDatabases:
    """One migrated database per test worker, emptied after each test."""

    def __init__(self, base_url: str, worker: str, root: Path) -> None:
        url = make_url(normalise_database_url(base_url))
        name = f"{url.database or 'storefront_test'}_{worker}"
        self.url = url.set(database=name).render_as_string(hide_password=False)
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        migrate(self.url, root / "instance")
        self.engine = create_engine(self.url)
        with self.engine.connect() as connection:
            tables = connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            ).scalars()
            self.truncate = "TRUNCATE {} RESTART IDENTITY CASCADE".format(
                ", ".join(f'"{table}"' for table in tables)
            )

    def fresh(self, directory: Path) -> str:
        return self.url

    def clean(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(text(self.truncate))


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Any:
    root = tmp_path_factory.mktemp("databases")
    base_url = os.environ.get("TEST_DATABASE_URL")
    if base_url:
        return PostgresDatabases(base_url, worker_id, root)
    return SqliteDatabases(root)


@pytest.fixture
def make_app(databases: Any, tmp_path: Path) -> Iterator[Any]:
    """A factory for apps on this test's database, with extra settings."""
    url = databases.fresh(tmp_path)
    made: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        config = {
            **BASE_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": tmp_path / "instance",
            **overrides,
        }
        app = create_app(config)
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    databases.clean()


@pytest.fixture
def app(make_app: Any) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def is_postgres(app: Flask) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


@pytest.fixture
def ctx(app: Flask) -> Iterator[Flask]:
    """The app with its context pushed, for tests that call services directly."""
    with app.app_context():
        yield app


@pytest.fixture
def alice(ctx: Flask) -> Any:
    """A registered customer's id."""
    from tests import factories

    return factories.user("alice").id

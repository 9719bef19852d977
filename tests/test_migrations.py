"""The migrations build the whole schema on an empty database, and match the models."""

from __future__ import annotations

import os
import uuid

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from storefront import create_app
from storefront.config import normalise_database_url
from storefront.extensions import db
from tests.conftest import BASE_CONFIG

EXPECTED_TABLES = {
    "users",
    "brands",
    "categories",
    "stores",
    "products",
    "sessions",
    "carts",
    "cart_lines",
    "cart_events",
    "orders",
    "order_lines",
    "payment_attempts",
    "api_tokens",
    "addresses",
    "shipping_methods",
    "outbox",
}


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = make_url(normalise_database_url(base))
    name = f"storefront_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_on_empty_database_then_down_and_up_again(empty_database_url, tmp_path):
    app = create_app(
        {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url, "INSTANCE_PATH": tmp_path}
    )
    with app.app_context():
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= EXPECTED_TABLES
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(inspect(db.engine).get_table_names()) >= EXPECTED_TABLES
        db.engine.dispose()


# Neither database can reflect the case-insensitive (expression) indexes, so the
# comparison skips them with a warning; the constraint test below checks them.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
@pytest.mark.filterwarnings("ignore:autogenerate skipping")
def test_models_and_migrations_agree(empty_database_url, tmp_path):
    app = create_app(
        {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_url, "INSTANCE_PATH": tmp_path}
    )
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()


def test_constraints_live_in_the_database(app):
    from sqlalchemy.exc import IntegrityError

    from tests import factories

    with app.app_context():
        brand = factories.brand("Fender")
        factories.product("Telecaster", brand=brand)
        with pytest.raises(IntegrityError):
            factories.product("TELECASTER", brand=brand)
        with pytest.raises(IntegrityError):
            factories.brand("FENDER")
        with pytest.raises(IntegrityError):
            factories.product("Negative", stock=-1)

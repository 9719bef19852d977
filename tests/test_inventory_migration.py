"""The warehouse migration: the models and the migrations describe the same schema."""

from __future__ import annotations

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from storefront.extensions import db

# SQLite cannot reflect expression indexes (names unique in any case); Alembic says so.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index"),
    pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based"),
]

TABLES = {"inventory_events", "inventory_items", "inventory_set_aside"}


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def product_indexes() -> set[str]:
    if db.engine.dialect.name == "sqlite":  # which cannot reflect expression indexes
        with db.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'products'"
            )
            return set(rows.scalars())
    return {index["name"] for index in inspect(db.engine).get_indexes("products")}


def test_models_and_migrations_agree(app):
    with app.app_context():
        check()  # exits with status 1 when autogenerate finds a difference


def test_the_migration_goes_down_and_up_again(app):
    with app.app_context():
        downgrade(revision="0003")  # below the warehouse migration, whatever follows it
        assert not tables() & TABLES
        columns = {column["name"] for column in inspect(db.engine).get_columns("products")}
        assert "warehouse_item_id" not in columns
        # The rest of the products table survives, its case-insensitive name index included.
        assert "uq_products_brand_name_lower" in product_indexes()
        upgrade()
        assert tables() >= TABLES
        check()

"""A large demo seed drops the catalogue's sort indexes and builds them again at the end."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from storefront.demo import catalogue as demo
from storefront.extensions import db
from storefront.models import Product


def index_names() -> set[str]:
    return {index["name"] for index in inspect(db.engine).get_indexes("products")}


# SQLite cannot reflect the expression index on lower(name); it is not one of these.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
def test_bulk_seed_leaves_every_index_in_place(app, monkeypatch):
    monkeypatch.setattr(demo, "BULK_LOAD_ROWS", 10)
    with app.app_context():
        before = index_names()
        assert "ix_products_brandsort_id" in before
        report = demo.seed_demo(40)
        assert report.products_added == 40
        assert index_names() == before
        assert db.session.scalar(select(func.count()).select_from(Product)) == 40
        assert db.session.scalar(select(func.count()).where(Product.brand_name == "")) == 0

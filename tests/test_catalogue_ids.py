"""Ids past what the database's integer columns hold name nothing: the services say so
instead of failing in the database driver (SQLite's OverflowError, PostgreSQL's range error)."""

from __future__ import annotations

import pytest

from storefront.models import Brand, Store
from storefront.services import catalogue_admin, catalogue_lookups
from storefront.services.catalogue_input import ProductInput
from storefront.services.errors import InvalidInput
from tests import factories

HUGE = [2**31, 2**63, 10**30, 0, -1]


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.mark.parametrize("item_id", HUGE)
def test_a_product_with_an_impossible_brand_is_refused(ctx, item_id):
    category, store = factories.category("Electric"), factories.store("Guitars")
    data = ProductInput("Telecaster", item_id, category.id, store.id, "1.00", 1)
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.save_product(None, data)
    assert set(raised.value.fields) == {"brand_id"}


@pytest.mark.parametrize("item_id", HUGE)
def test_editing_an_impossible_id_finds_nothing(ctx, item_id):
    with pytest.raises(catalogue_admin.ItemNotFound):
        catalogue_admin.save_named(Brand, item_id, "Fender")
    assert catalogue_lookups.get_named(Store, item_id) is None

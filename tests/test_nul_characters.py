"""Text with a NUL character, which PostgreSQL cannot hold: refused or found to name nothing,
never a database error (a 500), on the pages and the services alike. SQLite holds NUL, so
these tests guard PostgreSQL most; they run on both."""

from __future__ import annotations

import pytest

from storefront.models import Brand, Store
from storefront.services import accounts, catalogue, catalogue_admin, catalogue_lookups
from storefront.services.catalogue_input import ProductInput
from storefront.services.catalogue_query import CatalogueQuery
from storefront.services.errors import InvalidInput
from tests import factories

NUL = "a\x00b"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


def test_lookups_with_nul_find_nothing(ctx):
    factories.user("alice")
    assert accounts.find_by_username(NUL) is None
    assert accounts.authenticate(NUL, "whatever password") is None
    assert catalogue_lookups.get_product_by_slug(NUL) is None
    assert catalogue_lookups.get_store_by_slug(NUL) is None
    for name in ("brand", "category", "store"):
        page = catalogue.list_products(CatalogueQuery(**{name: NUL}), 24)
        assert page.unknown_filters == [name]
        assert catalogue.count_products(CatalogueQuery(**{name: NUL})) == 0
    assert catalogue_lookups.search_named(Brand, NUL, 1, 10) == ([], 0)
    assert catalogue_lookups.search_products(NUL, 1, 10) == ([], 0)


def test_text_with_nul_is_refused(ctx):
    user = factories.user("alice")
    with pytest.raises(InvalidInput) as raised:
        accounts.update_profile(user.id, NUL, None)
    assert set(raised.value.fields) == {"name"}
    with pytest.raises(InvalidInput) as raised:
        accounts.register("bob", "correct horse battery", name=NUL, email=f"{NUL}@example.com")
    assert set(raised.value.fields) == {"name", "email"}
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.save_named(Brand, None, NUL)
    assert set(raised.value.fields) == {"name"}
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.save_named(Store, None, "Books", description=NUL)
    assert set(raised.value.fields) == {"description"}
    refs = factories.brand("Fender").id, factories.category("Guitars").id, factories.store("G").id
    product = ProductInput("Telecaster", *refs, "1.00", 1, description=NUL)
    with pytest.raises(InvalidInput) as raised:
        catalogue_admin.save_product(None, product)
    assert set(raised.value.fields) == {"description"}


def test_pages_with_nul_in_the_query_or_path(client):
    assert client.get("/products?brand=a%00b").status_code == 200
    assert client.get("/products/a%00b").status_code == 404
    assert client.get("/stores/a%00b").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"code": "AB\x00C", "kind": "percent", "value": "10"},
        {"code": "SPRING", "kind": "percent", "value": "10", "customers": [NUL]},
        {"code": "SPRING", "kind": "percent", "value": "10", "applies_to": {"products": [NUL]}},
    ],
)
def test_a_voucher_with_nul_is_refused_not_a_database_error(api, body):
    boss = api.admin()
    answer = boss.call("POST", "/admin/vouchers", body)
    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert boss.ok("GET", "/admin/vouchers")["items"] == []

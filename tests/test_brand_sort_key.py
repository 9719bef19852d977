"""Products carry their brand's name for the sort by brand; it follows renames and moves."""

from __future__ import annotations

from sqlalchemy import select

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Brand, Product
from storefront.services import catalogue_admin
from tests import factories


def brand_names(app) -> dict[str, str]:
    with app.app_context():
        return dict(db.session.execute(select(Product.name, Product.brand_name)).all())


def test_a_new_product_takes_its_brands_name(app):
    with app.app_context():
        factories.product("Telecaster", brand=factories.brand("Fender"))
    assert brand_names(app) == {"Telecaster": "Fender"}


def test_renaming_a_brand_renames_it_on_its_products(app):
    with app.app_context():
        fender = factories.brand("Fender")
        factories.product("Telecaster", brand=fender)
        factories.product("Les Paul", brand=factories.brand("Gibson"))
        catalogue_admin.save_named(Brand, fender.id, "Fender Musical")
    assert brand_names(app) == {"Telecaster": "Fender Musical", "Les Paul": "Gibson"}


def test_moving_a_product_to_another_brand_takes_that_name(app):
    with app.app_context():
        product = factories.product("Telecaster", brand=factories.brand("Fender"))
        squier = factories.brand("Squier")
        with write_transaction() as session:
            session.get(Product, product.id).brand_id = squier.id
    assert brand_names(app) == {"Telecaster": "Squier"}


def test_the_sort_by_brand_follows_a_rename(client, app):
    with app.app_context():
        alpha = factories.brand("Alpha")
        factories.product("First", brand=alpha)
        factories.product("Second", brand=factories.brand("Beta"))
        catalogue_admin.save_named(Brand, alpha.id, "Zulu")
    page = client.get("/products?sort=brand").get_data(as_text=True)
    assert page.index(">Second<") < page.index(">First<")

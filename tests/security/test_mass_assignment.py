"""Fields a customer must never set: is_admin, price, stock, user_id. Sent anyway, ignored."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from storefront.extensions import db
from storefront.models import CartLine, Product, User
from storefront.services import accounts
from tests import factories
from tests.helpers import PASSWORD, post_form

EXTRA = {
    "is_admin": "1",
    "price": "0.01",
    "price_cents": "1",
    "stock": "999",
    "user_id": str(uuid.uuid4()),
}


def test_registering_cannot_make_an_admin(app, client):
    post_form(
        client,
        "/register",
        {"username": "mallory", "password": PASSWORD, "confirm": PASSWORD, **EXTRA},
    )
    with app.app_context():
        user = accounts.find_by_username("mallory")
        assert user is not None
        assert user.is_admin is False
        assert str(user.id) != EXTRA["user_id"]
    assert client.get("/admin/").status_code == 403


def test_the_profile_form_changes_only_name_and_email(app, client, auth):
    auth.register("mallory")
    post_form(client, "/account", {"name": "Mal", "email": "", "username": "boss", **EXTRA})
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.username, user.name, user.is_admin) == ("mallory", "Mal", False)


def test_the_cart_takes_price_and_stock_from_the_catalogue(app, client, auth):
    with app.app_context():
        product = factories.product("Telecaster", price_cents=89900, stock=3)
        product_id, slug = product.id, product.slug
    auth.register("mallory")
    data = {"product_id": str(product_id), "quantity": "1", **EXTRA}
    post_form(client, "/cart/add", data, page=f"/products/{slug}")
    with app.app_context():
        stored = db.session.get(Product, product_id)
        assert (stored.price_cents, stored.stock) == (89900, 3)
        line = db.session.scalar(select(CartLine))
        assert line.cart.user.username == "mallory"
    assert "$899.00" in client.get("/cart").get_data(as_text=True)

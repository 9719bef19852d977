"""A small shop with two customers and an admin, and every route of the site filled in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask, url_for
from sqlalchemy import MetaData, select

from storefront.extensions import db
from storefront.services import (
    accounts,
    addresses,
    campaigns,
    carts,
    checkout,
    images,
    password_reset,
    shipping_methods,
)
from storefront.services.voucher_input import VoucherInput
from storefront.services.vouchers_admin import create_voucher
from tests import factories, image_files
from tests.campaign_helpers import customer, offer, took_out
from tests.helpers import PASSWORD, AuthActions

# Tables a GET may write to: the server-side session store (a new CSRF token).
SESSION_TABLES = {"sessions"}


@dataclass
class World:
    product_id: Any
    product_slug: str
    store_slug: str
    brand_id: int
    order_id: Any
    order_number: str
    alice_name: str
    address_id: Any
    method_id: int
    reset_token: str
    voucher_id: int
    campaign_id: int = 0
    image_id: int = 0
    image_file: str = ""


@pytest.fixture
def world(app: Flask) -> World:
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
        alice = accounts.register("alice", PASSWORD, name="Alice Secretname")
        accounts.register("bob", PASSWORD)
        product = factories.product("Telecaster", stock=9)
        carts.add_item(None, alice.id, product.id, 1)
        order = checkout.place_order(alice.id, [(product.id, 2)])
        address = addresses.add_address(
            alice.id,
            {
                "full_name": "Alice Secretname",
                "line1": "1 Looking Glass Lane",
                "city": "Oxford",
                "postal_code": "OX1 1AA",
                "country": "GB",
            },
        )
        method = shipping_methods.save_method(None, {"name": "Courier", "price": "5.00"})
        voucher = create_voucher(VoucherInput(code="SPRING", kind="percent", value="10"))
        image = images.add_image(product.id, image_files.png(40, 30))
        took_out(customer("keen"), product.id)
        campaign = campaigns.launch(offer([product.id]), None)
        return World(
            product_id=product.id,
            product_slug=product.slug,
            store_slug=product.store.slug,
            brand_id=product.brand_id,
            order_id=order.id,
            order_number=order.number,
            alice_name="Alice Secretname",
            address_id=address.id,
            method_id=method.id,
            voucher_id=voucher.id,
            campaign_id=campaign.campaign_id,
            image_id=image.id,
            image_file=image.sizes()[0][0],
            reset_token=password_reset.make_token(alice),
        )


def html_routes(app: Flask, world: World) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every page and form of the HTML site."""
    values = {
        "product_id": world.product_id,
        "order_id": world.order_id,
        "item_id": world.brand_id,
        "address_id": world.address_id,
        "method_id": world.method_id,
        "voucher_id": world.voucher_id,
        "campaign_id": world.campaign_id,
        "image_id": world.image_id,
        "name": world.image_file,
        "token": world.reset_token,
    }
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static" or rule.rule.startswith("/api/"):
                continue
            arguments = dict.fromkeys(rule.arguments)
            for name in rule.arguments:
                if name == "slug":
                    store = rule.endpoint == "catalogue.store"
                    arguments[name] = world.store_slug if store else world.product_slug
                else:
                    arguments[name] = values[name]
            url = url_for(rule.endpoint, **arguments)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url))
    return found


def snapshot(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the session store, to compare before and after."""
    with app.app_context():
        tables = MetaData()
        tables.reflect(bind=db.engine)
        return {
            table.name: sorted(
                (tuple(str(value) for value in row) for row in db.session.execute(select(table))),
            )
            for table in tables.sorted_tables
            if table.name not in SESSION_TABLES
        }


def logged_in(app: Flask, username: str) -> Any:
    client = app.test_client()
    AuthActions(client).login(username)
    return client

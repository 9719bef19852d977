"""The shop on a phone (390 x 844): no page scrolls sideways, and the catalogue's filters fold
away so that products show on the first screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from storefront.services import accounts, carts, checkout
from tests.helpers import PASSWORD

PHONE = {"width": 390, "height": 844}
# What sticks out past the window's right edge, for the failure message.
WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

CUSTOMER_PAGES = [
    "/",
    "/products?sort=brand",
    "/search?q=les",
    "/search?q=banjo",
    "/products/gibson-les-paul",
    "/stores/guitar-shop",
    "/cart",
    "/checkout",
    "/orders",
    "/orders/{order}",
    "/account",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/products/",
    "/admin/products/{product}",
    "/admin/products/new",
    "/admin/brands/",
    "/admin/orders",
    "/admin/orders/{order}",
    "/admin/carts",
    "/admin/reservations",
    "/admin/sales",
    "/admin/reports/removed-items",
    "/admin/inventory",
]


@pytest.fixture
def shopping(shop):
    """A customer with an order and a full cart; the ids the pages need."""
    with shop.app_context():
        from sqlalchemy import select

        from storefront.extensions import db
        from storefront.models import Product

        alice = accounts.register("alice", PASSWORD, name="Alice Liddell With A Long Name")
        products = list(db.session.scalars(select(Product).order_by(Product.name)))
        order = checkout.place_order(alice.id, [(p.id, 2) for p in products])
        cart_id = None
        for product in products:
            cart_id = carts.add_item(cart_id, alice.id, product.id, 1).id
        return {"order": order.id, "product": products[0].id}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def assert_fits(page: Page, base: str, paths: list[str], ids: dict) -> None:
    for path in paths:
        response = page.goto(base + path.format(**ids))
        assert response.status == 200, path
        assert page.evaluate(OVERFLOW) <= 0, (path, page.evaluate(WIDE))


def test_no_customer_page_scrolls_sideways(page: Page, live_server, shopping):
    page.set_viewport_size(PHONE)
    assert_fits(page, live_server, ["/", "/login", "/register", "/cart"], shopping)
    log_in(page, live_server, "alice")
    assert_fits(page, live_server, CUSTOMER_PAGES, shopping)


def test_no_main_admin_page_scrolls_sideways(page: Page, live_server, shopping):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "boss")
    assert_fits(page, live_server, ADMIN_PAGES, shopping)


def test_on_a_phone_the_filters_fold_and_products_show_first(page: Page, live_server, shop):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/products")
    expect(page.get_by_role("button", name="Apply")).to_be_hidden()
    first_card = page.locator(".product-card").first.bounding_box()
    assert first_card["y"] < PHONE["height"]
    page.get_by_text("Filters and sort").click()
    page.get_by_label("Brand").select_option("gibson")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".product-card h3")).to_have_text(["Les Paul"])


def test_on_a_wide_screen_the_filters_stay_open(page: Page, live_server, shop):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server + "/products")
    expect(page.get_by_role("button", name="Apply")).to_be_visible()

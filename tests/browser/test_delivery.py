"""In a real browser: buy with a new address and a shipping method; the book keeps it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from storefront.services import shipping_methods
from tests.browser.test_shopping import SUCCESS, fill_card, register


def test_buy_with_a_new_address_and_a_shipping_method(page: Page, live_server, shop):
    with shop.app_context():
        shipping_methods.save_method(None, {"name": "Standard", "price": "4.99"})
        shipping_methods.save_method(None, {"name": "Express", "price": "19.00"})
    page.goto(live_server + "/products/penguin-moby-dick")
    page.get_by_role("button", name="Add to cart").click()
    register(page, "carol")
    page.goto(live_server + "/checkout")

    # The total follows the method chosen ($12.99 of books).
    expect(page.locator("#checkout-total")).to_have_text("$17.98")
    page.get_by_label("Shipping method").select_option(label="Express: $19.00")
    expect(page.locator("#checkout-total")).to_have_text("$31.99")

    page.get_by_label("Full name").fill("Carol Ann")
    page.get_by_label("Address line 1").fill("221B Baker Street")
    page.get_by_label("City").fill("London")
    page.get_by_label("Postal code").fill("NW1 6XE")
    page.get_by_label("Country").select_option("GB")
    fill_card(page, SUCCESS)
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_text(re.compile(r"Order SF-\w{4}-\w{4} is paid\."))).to_be_visible()
    delivery = page.get_by_role("region", name="Delivery")
    expect(delivery).to_contain_text("Express")
    expect(delivery).to_contain_text("221B Baker Street")
    expect(delivery).to_contain_text("United Kingdom")
    expect(page.locator(".order-total")).to_have_text("$31.99")

    page.goto(live_server + "/account/addresses")
    expect(page.get_by_text("Default address")).to_be_visible()
    expect(page.locator(".address-card")).to_contain_text("NW1 6XE London")

    # Next time checkout offers the saved address first.
    page.goto(live_server + "/products/penguin-moby-dick")
    page.get_by_role("button", name="Add to cart").click()
    page.goto(live_server + "/checkout")
    expect(page.get_by_label("Ship to")).to_contain_text("Carol Ann, 221B Baker Street, London")

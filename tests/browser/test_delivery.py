"""In a real browser: buy with a new address and a shipping method; the book keeps it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from storefront.services import shipping_methods
from tests.browser.test_shopping import SUCCESS, fill_card, register
from tests.helpers import PASSWORD


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


def test_the_admin_ships_and_the_customer_sees_the_timeline(page: Page, live_server, shop):
    with shop.app_context():
        shipping_methods.save_method(None, {"name": "Courier", "price": "7.50"})
    page.goto(live_server + "/products/penguin-moby-dick")
    page.get_by_role("button", name="Add to cart").click()
    register(page, "dora")
    page.goto(live_server + "/checkout")
    page.get_by_label("Shipping method").select_option(label="Courier: $7.50")
    page.get_by_label("Full name").fill("Dora Maar")
    page.get_by_label("Address line 1").fill("6 Rue de Savoie")
    page.get_by_label("City").fill("Paris")
    page.get_by_label("Postal code").fill("75006")
    page.get_by_label("Country").select_option("FR")
    fill_card(page, SUCCESS)
    page.get_by_role("button", name="Place order").click()
    paid = page.get_by_text(re.compile(r"Order SF-\w{4}-\w{4} is paid\."))
    expect(paid).to_be_visible()
    number = re.search(r"SF-\w{4}-\w{4}", paid.inner_text()).group(0)
    order_url = page.url
    page.get_by_role("button", name="Log out").click()

    page.goto(live_server + "/login")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/admin/orders?status=paid")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("region", name="Delivery")).to_contain_text("6 Rue de Savoie")
    page.get_by_label("Carrier").fill("La Poste")
    page.get_by_label("Tracking number").fill("LP123456789FR")
    page.get_by_role("button", name="Mark as shipped").click()
    expect(page.get_by_text(f"Order {number} is marked as shipped.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    page.goto(live_server + "/login")
    page.get_by_label("Username").fill("dora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(order_url)
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.locator("li")).to_have_count(3)
    expect(timeline.locator("li").nth(0)).to_contain_text("Placed")
    expect(timeline.locator("li").nth(1)).to_contain_text("Paid")
    expect(timeline.locator("li").nth(2)).to_contain_text("Shipped")
    expect(timeline).to_contain_text("LP123456789FR")
    # Shipped orders cannot be cancelled by the customer any more.
    expect(page.get_by_role("button", name="Cancel order")).to_have_count(0)

"""A person shopping in a real browser: browse, sort, filter, cart, register, pay."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from storefront.payments.sandbox import DECLINE_CARD, SUCCESS_CARD
from tests.helpers import PASSWORD, typed

SUCCESS = typed(SUCCESS_CARD)
DECLINE = typed(DECLINE_CARD)


def card_names(page: Page) -> list[str]:
    return page.locator(".product-card h3").all_inner_texts()


def fill_card(page: Page, number: str) -> None:
    page.get_by_label("Name on card").fill("Alice Liddell")
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Expiry (MMYY)").fill("1239")
    page.get_by_label("CVV").fill("123")


def register(page: Page, username: str) -> None:
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()


def test_guest_browses_fills_a_cart_registers_and_buys(page: Page, live_server, shop):
    page.goto(live_server)
    page.get_by_label("Sort").select_option("brand")
    page.get_by_role("button", name="Apply").click()
    assert card_names(page) == ["Telecaster", "Les Paul", "Moby Dick"]

    page.get_by_label("Store").select_option("guitar-shop")
    page.get_by_role("button", name="Apply").click()
    assert card_names(page) == ["Telecaster", "Les Paul"]
    assert "store=guitar-shop" in page.url

    for name in ("Telecaster", "Les Paul"):
        card = page.locator(".product-card", has_text=name)
        card.get_by_role("button", name="Add to cart").click()
        expect(page.get_by_text(f"Added {name}")).to_be_visible()

    register(page, "alice")
    page.get_by_role("link", name=re.compile("^Cart")).click()
    expect(page.locator(".cart-lines")).to_contain_text("Telecaster")
    expect(page.locator(".cart-lines")).to_contain_text("Les Paul")
    expect(page.locator(".cart-total")).to_have_text("$3,398.00")

    page.get_by_role("button", name="Checkout").click()
    fill_card(page, SUCCESS)
    page.get_by_role("button", name="Place order").click()
    expect(
        page.get_by_text(re.compile(r"Thank you! Order SF-\w{4}-\w{4} is paid\."))
    ).to_be_visible()
    number = re.search(r"SF-\w{4}-\w{4}", page.inner_text("h1")).group(0)

    page.get_by_role("link", name="Orders", exact=True).click()
    expect(page.get_by_role("link", name=number)).to_be_visible()
    expect(page.get_by_text("Paid")).to_be_visible()


def test_declined_card_then_pay_now(page: Page, live_server, shop):
    page.goto(live_server + "/products/penguin-moby-dick")
    page.get_by_role("button", name="Add to cart").click()
    register(page, "bob")
    page.goto(live_server + "/checkout")
    fill_card(page, DECLINE)
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_text("The payment did not go through")).to_be_visible()
    expect(page.get_by_text("Pending payment")).to_be_visible()

    fill_card(page, SUCCESS)
    page.get_by_role("button", name="Pay now").click()
    expect(page.get_by_text(re.compile(r"Order SF-\w{4}-\w{4} is paid\."))).to_be_visible()
    expect(page.get_by_role("button", name="Pay now")).to_have_count(0)


def test_admin_changes_a_price_and_the_catalogue_shows_it(page: Page, live_server, shop):
    page.goto(live_server + "/login")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Admin", exact=True).first.click()
    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Products").click()
    page.get_by_role("link", name="Telecaster").click()
    page.get_by_label("Price").fill("799.50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Product Telecaster was saved.")).to_be_visible()

    page.goto(live_server + "/products")
    card = page.locator(".product-card", has_text="Telecaster")
    expect(card.locator(".product-price")).to_have_text("$799.50")


def test_after_logging_out_back_shows_no_private_page(page: Page, live_server, shop):
    page.goto(live_server)
    register(page, "carol")
    page.goto(live_server + "/account")
    page.get_by_label("Name").fill("Carol Private")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_label("Name")).to_have_value("Carol Private")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have been logged out.")).to_be_visible()
    page.go_back()
    assert "Carol Private" not in page.content()
    page.goto(live_server + "/account")
    assert "/login" in page.url

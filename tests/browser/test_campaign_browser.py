"""In a real browser: a customer takes a guitar out of the cart, the admin sends a campaign,
the personal code arrives by real SMTP, pays for the discounted guitar, and is counted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from storefront.services import mail_delivery
from tests import factories
from tests.browser.test_shopping import SUCCESS, fill_card
from tests.helpers import PASSWORD
from tests.mail_helpers import parts

CODE = re.compile(r"OFFER-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture
def live_app(make_app, sandbox_url, smtp_server):
    """The shop paying through the sandbox process and mailing through a real SMTP server."""
    return make_app(PAYMENT_URL=sandbox_url, MAIL_URL=smtp_server.url)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_removed_guitar_comes_back_with_a_personal_code(
    page: Page, live_server, shop, sandbox, smtp_server
):
    with shop.app_context():
        factories.user("carol", email="carol@example.com", offers_consent=True)

    # The customer takes the Telecaster out of her cart.
    log_in(page, live_server, "carol")
    page.goto(live_server + "/products/fender-telecaster")
    page.get_by_role("button", name="Add to cart").click()
    page.goto(live_server + "/cart")
    page.get_by_role("button", name="Remove", exact=True).click()
    expect(page.get_by_text("Your cart is empty.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The admin targets her from the report's row and sends the vouchers.
    log_in(page, live_server, "boss")
    page.goto(live_server + "/admin/reports/removed-items")
    row = page.get_by_role("row", name=re.compile("Telecaster"))
    row.get_by_role("link", name="Target customers").click()
    expect(page.get_by_label("Products")).to_have_values([re.compile(".+")])
    page.get_by_label("Discount (%)").fill("20")
    page.get_by_label("Valid for (days)").fill("7")
    page.get_by_label("Hold out (%)").fill("0")
    page.get_by_role("button", name="Send vouchers").click()
    expect(page.get_by_text("The vouchers were issued and their e-mails queued.")).to_be_visible()
    expect(page.locator("#figure-targeted")).to_have_text("1")
    campaign_url = page.url
    page.get_by_role("button", name="Log out").click()

    # The worker hands the e-mail to the mail server.
    with shop.app_context():
        assert mail_delivery.deliver_due().sent == 1
    (message,) = smtp_server.inbox.to("carol@example.com")
    code = CODE.search(parts(message)["plain"]).group(0)
    assert code in parts(message)["html"]
    assert "20% off" in message["Subject"]
    assert message["List-Unsubscribe"]

    # She applies it in the cart and pays the discounted amount.
    log_in(page, live_server, "carol")
    page.goto(live_server + "/products/fender-telecaster")
    page.get_by_role("button", name="Add to cart").click()
    page.goto(live_server + "/cart")
    page.get_by_label("Voucher code").fill(code.lower())
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".cart-voucher")).to_contain_text("takes $179.80 off")
    page.get_by_role("button", name="Checkout").click()
    fill_card(page, SUCCESS)
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_text(re.compile(r"Order SF-\w{4}-\w{4} is paid\."))).to_be_visible()
    expect(page.locator(".order-total")).to_have_text("$719.20")
    order_id = page.url.rstrip("/").rsplit("/", 1)[1]
    (charge,) = sandbox.charges(f"{order_id}-1")
    assert (charge["amount"], charge["currency"]) == ("719.20", "USD")
    page.get_by_role("button", name="Log out").click()

    # The campaign's page counts the redemption and the revenue.
    log_in(page, live_server, "boss")
    page.goto(campaign_url)
    expect(page.locator("#figure-redeemed")).to_have_text("1")
    expect(page.locator("#figure-revenue")).to_have_text("$719.20")
    expect(page.locator("#figure-sent")).to_have_text("1")
    expect(page.locator("#figure-conversion")).to_contain_text("100.0%")
    expect(page.locator("svg.bar-chart")).to_contain_text("Targeted (1)")

"""An admin uploads a picture in a real browser; it shows on the card and the product page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests import image_files
from tests.helpers import PASSWORD


def test_an_admin_uploads_a_picture_and_shoppers_see_it(page: Page, live_server, shop):
    page.goto(live_server + "/login")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/admin/products/")
    page.get_by_role("link", name="Les Paul").click()
    page.get_by_label("Image", exact=True).set_input_files(
        {"name": "les-paul.jpg", "mimeType": "image/jpeg", "buffer": image_files.jpeg()}
    )
    page.get_by_label("Alt text").fill("A Les Paul in cherry red")
    page.get_by_role("button", name="Upload image").click()
    expect(page.get_by_text("The image was added.")).to_be_visible()

    page.goto(live_server + "/products")
    card = page.locator(".product-card", has_text="Les Paul").get_by_role(
        "img", name="A Les Paul in cherry red"
    )
    expect(card).to_be_visible()
    assert card.evaluate("img => img.complete && img.naturalWidth") == 320
    assert (
        page.locator(".product-card", has_text="Telecaster").locator(".image-placeholder").count()
        == 1
    )
    page.goto(live_server + "/products/gibson-les-paul")
    picture = page.get_by_role("img", name="A Les Paul in cherry red")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") >= 800

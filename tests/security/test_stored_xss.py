"""Twenty stored script payloads, in names, descriptions and user names, stay text."""

from __future__ import annotations

import pytest

from storefront.database import write_transaction
from storefront.models import User
from storefront.services import accounts, carts
from tests import factories
from tests.helpers import PASSWORD, AuthActions

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "<img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
    "<iframe src=javascript:alert(5)>",
    "<body onload=alert(6)>",
    "<a href='javascript:alert(7)'>x</a>",
    "'><img src=x onerror=alert(8)>",
    "<details open ontoggle=alert(9)>",
    "<math><mtext><script>alert(10)</script>",
    "</textarea><script>alert(11)</script>",
    "</title><script>alert(12)</script>",
    "<input autofocus onfocus=alert(13)>",
    "<video><source onerror=alert(14)>",
    "<style>@import 'javascript:alert(15)'</style>",
    "{{ 7*191 }}<script>alert(16)</script>",
    "<object data=javascript:alert(17)>",
    "<marquee onstart=alert(18)>",
    '<div style="background:url(javascript:alert(19))">',
    "<scr<script>ipt>alert(20)</scr</script>ipt>",
]


@pytest.fixture
def stored(app):
    """Each payload stored as a product name, a description, a brand and a user's name."""
    with app.app_context():
        accounts.register("boss", PASSWORD, is_admin=True)
        brand = factories.brand("Brand <script>alert(0)</script>")
        slugs = []
        for number, payload in enumerate(PAYLOADS):
            product = factories.product(
                f"{payload} #{number}", brand=brand, description=payload, stock=50
            )
            slugs.append(product.slug)
            user = accounts.register(f"shopper{number}", PASSWORD)
            with write_transaction() as session:
                session.get(User, user.id).name = payload
            carts.add_item(None, user.id, product.id, 1)
    return slugs


RAW_TAGS = (
    "<script",
    "<img src=x",  # the shop's own pictures are <img> too, always with a src of its own
    "<svg",
    "<iframe",
    "<body onload",
    "<a href='javascript",
    "<details open ontoggle",  # the catalogue's filters fold in a <details> of the shop's
    "<math",
    "<input autofocus",
    "<video",
    "<style>",
    "<object",
    "<marquee",
    '<div style="background',
)


def assert_inert(html: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html
    for tag in RAW_TAGS:  # our pages have none of these; a payload's would be raw
        assert tag not in html, tag


def test_pages_show_payloads_as_text(app, client, stored):
    pages = [
        "/",
        "/products?sort=brand",
        "/products?page=2",
        f"/products/{stored[0]}",
        f"/products/{stored[5]}",
    ]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/").get_data(as_text=True)


def test_admin_pages_show_payloads_as_text(app, client, stored):
    AuthActions(client).login("boss")
    for url in ("/admin/products/", "/admin/carts", "/admin/reservations", "/admin/brands/"):
        assert_inert(client.get(url).get_data(as_text=True))

"""Listing cards and product pages are kept rendered per process: a change to what they show
is seen at once."""

from __future__ import annotations

from storefront.models import Brand
from storefront.services import catalogue_admin
from tests import factories
from tests.helpers import post_form, text_of


def _card(page: str, name: str) -> str:
    start = page.index(f">{name}</a></h3>")
    return page[start : page.index("</article>", start)]


def test_a_card_shows_a_new_price_name_or_stock_at_once(app, client, ctx):
    guitar = factories.product("Les Paul", price_cents=100_000, stock=3)
    factories.product("Telecaster", price_cents=90_000, stock=2)
    first = text_of(client.get("/products"))
    assert "$1,000.00" in _card(first, "Les Paul")
    assert "3 available" in _card(first, "Les Paul")
    assert text_of(client.get("/products")) == first  # the same page, from kept cards

    catalogue_admin.update_product(guitar.id, {"price": "950.00", "name": "Les Paul Gold"})
    changed = text_of(client.get("/products"))
    assert "$950.00" in _card(changed, "Les Paul Gold")
    assert ">Les Paul</a>" not in changed

    post_form(client, "/cart/add", {"product_id": str(guitar.id), "quantity": "2"}, page="/")
    held = text_of(client.get("/products"))
    assert "1 available" in _card(held, "Les Paul Gold")
    assert "2 available" in _card(held, "Telecaster")


def test_each_visitor_gets_their_own_form_under_a_kept_card(app):
    with app.app_context():  # not kept pushed: each request then has its own context
        factories.product("Les Paul", stock=3)
    tokens = set()
    for _ in range(2):
        page = text_of(app.test_client().get("/products"))
        card = page[page.index('<article class="product-card">') :]
        tokens.add(card[card.index('name="csrf_token" value="') :][25:60])
    assert len(tokens) == 2


def test_a_product_page_shows_a_new_price_description_or_brand_at_once(app, client, ctx):
    guitar = factories.product("Les Paul", price_cents=100_000, stock=3)
    path = f"/products/{guitar.slug}"
    first = text_of(client.get(path))
    assert "$1,000.00" in first
    assert text_of(client.get(path)) == first
    catalogue_admin.update_product(guitar.id, {"price": "950.00", "description": "A gold top."})
    page = text_of(client.get(path))
    assert "$950.00" in page
    assert "A gold top." in page
    catalogue_admin.save_named(Brand, guitar.brand_id, "Gibson")
    assert ">Gibson</a>" in text_of(client.get(path))


def test_the_filters_show_a_new_brand_at_once_and_keep_each_query_s_choice(app, client, ctx):
    factories.product("Les Paul", stock=3)
    assert ">Gretsch</option>" not in text_of(client.get("/products"))
    catalogue_admin.save_named(Brand, None, "Gretsch")
    assert ">Gretsch</option>" in text_of(client.get("/products"))
    chosen = text_of(client.get("/products?brand=gretsch&sort=price"))
    assert '<option value="gretsch" selected>Gretsch</option>' in chosen
    assert '<option value="price" selected>' in chosen
    assert '<option value="gretsch" selected>' not in text_of(client.get("/products"))

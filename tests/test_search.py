"""Search (SPEC 10): ranked full-text matches on SQLite FTS5 and PostgreSQL, in step with
every change to a product, and never broken by what a shopper types."""

from __future__ import annotations

import re

import pytest

from storefront.models import Brand, Category
from storefront.services import catalogue_admin, search
from storefront.services.catalogue_query import CatalogueQuery
from tests import factories


def found(q: str, **query) -> list[str]:
    page = search.search_products(
        CatalogueQuery(q=q, sort=query.pop("sort", "relevance"), **query), 24
    )
    return [item.product.name for item in page.items]


@pytest.fixture
def guitars(ctx):
    gibson = factories.brand("Gibson")
    fender = factories.brand("Fender")
    electric = factories.category("Electric guitars")
    shop = factories.store("Fretboard")
    made = {
        "les paul": factories.product(
            "Les Paul Standard",
            brand=gibson,
            category=electric,
            store=shop,
            price_cents=249900,
            description="Mahogany body, two humbuckers.",
        ),
        "strat": factories.product(
            "Player Stratocaster",
            brand=fender,
            category=electric,
            store=shop,
            price_cents=79900,
            description="Loved by Gibson players too.",
        ),
        "tele": factories.product(
            "Player Telecaster",
            brand=fender,
            category=electric,
            store=shop,
            price_cents=89900,
            description="Paul said it twangs.",
        ),
    }
    return made


def test_prefix_of_the_word_being_typed_finds_the_brand(guitars):
    assert found("gib")[0] == "Les Paul Standard"
    assert found("Strato") == ["Player Stratocaster"]


def test_name_and_brand_rank_above_description(guitars):
    # "Gibson" is the Les Paul's brand and only a word in the Stratocaster's description.
    assert found("gibson") == ["Les Paul Standard", "Player Stratocaster"]


def test_stemming_finds_other_forms_of_a_word(guitars):
    assert set(found("guitar")) == {"Les Paul Standard", "Player Stratocaster", "Player Telecaster"}
    assert found("humbucker") == ["Les Paul Standard"]
    assert found("twanging") == ["Player Telecaster"]


def test_quoted_phrases_and_left_out_words(guitars):
    assert found('"les paul"') == ["Les Paul Standard"]
    assert found('"paul les"') == []
    assert found("player -telecaster") == ["Player Stratocaster"]
    assert found('paul -"les paul"') == ["Player Telecaster"]


def test_filters_and_sorts_apply_to_matches(guitars):
    assert found("player", sort="-price") == ["Player Telecaster", "Player Stratocaster"]
    assert found("player", sort="price") == ["Player Stratocaster", "Player Telecaster"]
    assert found("guitar", brand="gibson") == ["Les Paul Standard"]
    assert found("guitar", brand="nobody") == []


def test_only_what_the_catalogue_lists(ctx, guitars):
    brand = factories.brand("Ibanez")
    factories.product("RG550 Sold Out", brand=brand, stock=0)
    factories.product("RG550 Switched Off", brand=brand, active=False)
    assert found("rg550") == []
    assert search.count_matches(CatalogueQuery(q="player")) == 2


def test_index_follows_every_change_to_a_product(ctx, guitars):
    strat = guitars["strat"]
    data = catalogue_admin.ProductInput(
        name="Vintera Jazzmaster",
        brand_id=strat.brand_id,
        category_id=strat.category_id,
        store_id=strat.store_id,
        price="799.00",
        stock=5,
        description="Offset waist.",
    )
    catalogue_admin.save_product(strat.id, data)
    assert found("stratocaster") == []
    assert found("jazzmaster") == found("offset") == ["Vintera Jazzmaster"]
    fender = ctx.extensions["sqlalchemy"].session.get(Brand, strat.brand_id)
    catalogue_admin.save_named(Brand, fender.id, "Squier")
    assert set(found("squier")) == {"Vintera Jazzmaster", "Player Telecaster"}
    category = ctx.extensions["sqlalchemy"].session.get(Category, strat.category_id)
    catalogue_admin.save_named(Category, category.id, "Six strings")
    assert len(found("strings")) == 3
    assert found("electric") == []


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '""',
        '"les',
        "*",
        "gib*",
        "-",
        "--",
        "-gibson",
        "NEAR(les paul)",
        "les NEAR paul",
        "AND",
        "les AND paul OR",
        "(",
        ")",
        "^",
        "'; DROP TABLE products; --",
        "les:*",
        "!paul & les",
        "<->",
        "a" * 5000,
        "les " * 300,
        "\\",
        "{}",
        "name:les",
        "é",
        "the",
        "\x00",
        "🎸",
    ],
)
def test_operators_and_junk_never_break_a_search(client, guitars, q):
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Results for" in text
    api = client.get("/api/v1/products", query_string={"q": q[:200]})
    assert api.status_code == 200, api.get_json()


def test_results_page_keeps_the_query_in_filters_sorts_and_pages(app, client, ctx):
    brand = factories.brand("Yamaha")
    for n in range(30):
        factories.product(f"Pacifica {n:02d}", brand=brand, description="Solid alder")
    page = client.get("/products?q=pacifica&sort=name").get_data(as_text=True)
    assert "Results for “pacifica”" in page
    assert 'name="q" value="pacifica"' in page  # the filters' form and the header's box
    next_link = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert {"q=pacifica", "page=2", "sort=name"} <= set(next_link.split("?")[1].split("&"))
    second = client.get(next_link).get_data(as_text=True)
    assert "Pacifica 29" in second
    assert "Pacifica 00" not in second
    assert 'rel="prev"' in second
    assert '<option value="relevance"' in second


def test_nothing_found_says_so_and_suggests_the_catalogue(client, guitars):
    page = client.get("/search?q=banjo").get_data(as_text=True)
    assert "No products match “banjo”" in page
    assert "browse the catalogue</a>" in page


def test_every_page_has_the_search_box(client, guitars):
    for path in ["/", "/cart", "/login", "/products/gibson-les-paul-standard"]:
        page = client.get(path).get_data(as_text=True)
        assert '<form method="get" action="/search" role="search"' in page, path


def test_empty_search_shows_the_box_and_the_catalogue_link(client, guitars):
    page = client.get("/search?q=").get_data(as_text=True)
    assert "<h1>Search</h1>" in page
    assert client.get("/products?q=").status_code == 200

"""The catalogue pages: listing, sort, filters, pages, product and store pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from storefront.models.base import utcnow
from tests import factories
from tests.helpers import text_of

NAME_PATTERN = re.compile(r'<h3><a href="/products/[^"]+">([^<]+)</a></h3>')


def names_on(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    return NAME_PATTERN.findall(text_of(response))


@pytest.fixture
def shop(app):
    """Two stores, three brands, two categories and some products."""
    with app.app_context():
        guitars = factories.store("Guitar Shop")
        books = factories.store("Book Shop")
        fender = factories.brand("Fender")
        gibson = factories.brand("Gibson")
        penguin = factories.brand("Penguin")
        electric = factories.category("Electric")
        novels = factories.category("Novels")
        now = utcnow()
        made = {}
        for name, brand, category, store, price, age in [
            ("Telecaster", fender, electric, guitars, 89900, 3),
            ("Stratocaster", fender, electric, guitars, 99900, 2),
            ("Les Paul", gibson, electric, guitars, 249900, 1),
            ("Moby Dick", penguin, novels, books, 1299, 5),
            ("Anna Karenina", penguin, novels, books, 1499, 4),
        ]:
            made[name] = factories.product(
                name,
                brand=brand,
                category=category,
                store=store,
                price_cents=price,
                created_at=now - timedelta(days=age),
            )
        factories.product(
            "Hidden Inactive", brand=gibson, category=electric, store=guitars, active=False
        )
        factories.product("Sold Out", brand=gibson, category=electric, store=guitars, stock=0)
    return made


def test_root_and_products_list_the_same(client, shop):
    assert names_on(client, "/") == names_on(client, "/products")


def test_default_order_is_by_name(client, shop):
    assert names_on(client, "/products") == [
        "Anna Karenina",
        "Les Paul",
        "Moby Dick",
        "Stratocaster",
        "Telecaster",
    ]


def test_sort_by_brand_gives_brand_order(client, shop):
    assert names_on(client, "/products?sort=brand") == [
        "Stratocaster",
        "Telecaster",
        "Les Paul",
        "Anna Karenina",
        "Moby Dick",
    ]


def test_sort_by_price_both_ways(client, shop):
    ascending = names_on(client, "/products?sort=price")
    assert ascending == ["Moby Dick", "Anna Karenina", "Telecaster", "Stratocaster", "Les Paul"]
    assert names_on(client, "/products?sort=-price") == list(reversed(ascending))


def test_sort_newest_first(client, shop):
    assert names_on(client, "/products?sort=newest")[0] == "Les Paul"


def test_unknown_sort_falls_back_to_name(client, shop):
    assert names_on(client, "/products?sort=DROP+TABLE") == names_on(client, "/products")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("brand=fender", {"Telecaster", "Stratocaster"}),
        ("category=novels", {"Moby Dick", "Anna Karenina"}),
        ("store=guitar-shop", {"Telecaster", "Stratocaster", "Les Paul"}),
        ("store=guitar-shop&brand=gibson", {"Les Paul"}),
    ],
)
def test_each_filter(client, shop, query, expected):
    assert set(names_on(client, f"/products?{query}")) == expected


def test_unknown_filter_value_shows_nothing_and_says_so(client, shop):
    response = client.get("/products?brand=no-such-brand")
    assert response.status_code == 200
    assert "No brand by that name." in text_of(response)
    assert NAME_PATTERN.findall(text_of(response)) == []


def test_inactive_and_out_of_stock_are_not_listed(client, shop):
    listed = names_on(client, "/products?store=guitar-shop")
    assert "Hidden Inactive" not in listed
    assert "Sold Out" not in listed


def test_out_of_stock_product_page_says_so(client, shop):
    response = client.get("/products/gibson-sold-out")
    assert response.status_code == 200
    assert "Out of stock" in text_of(response)


def test_product_page_shows_name_brand_price(client, shop):
    page = text_of(client.get("/products/fender-telecaster"))
    assert "Telecaster" in page
    assert "Fender" in page
    assert "$899.00" in page


def test_unknown_product_and_store_are_404_in_layout(client, shop):
    for path in ("/products/nothing-here", "/stores/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Storefront" in text_of(response)
        assert "Back to the catalogue" in text_of(response)


def test_store_page_lists_its_assortment_only(client, shop):
    listed = names_on(client, "/stores/book-shop")
    assert set(listed) == {"Moby Dick", "Anna Karenina"}
    assert "Book Shop" in text_of(client.get("/stores/book-shop"))


@pytest.fixture
def many(app):
    with app.app_context():
        brand = factories.brand("Acme")
        category = factories.category("Things")
        store = factories.store("Everything")
        for number in range(50):
            factories.product(f"Item {number:02d}", brand=brand, category=category, store=store)


LINK_PATTERN = re.compile(r'<a href="([^"]+)" rel="(next|prev)">')


def links_on(page: str) -> dict[str, str]:
    """The page's Next and Previous addresses, unescaped."""
    return {rel: href.replace("&amp;", "&") for href, rel in LINK_PATTERN.findall(page)}


def test_pages_of_24_with_links_that_keep_the_query(client, many):
    first = text_of(client.get("/products?brand=acme&sort=price"))
    assert len(NAME_PATTERN.findall(first)) == 24
    assert "Page 1" in first
    assert set(links_on(first)) == {"next"}
    to_second = links_on(first)["next"]
    assert to_second.startswith("/products?brand=acme&sort=price&after=")

    second = text_of(client.get(to_second))
    assert "Page 2" in second
    assert links_on(second)["prev"] == "/products?brand=acme&sort=price"  # back to page 1
    to_third = links_on(second)["next"]
    assert to_third.startswith("/products?brand=acme&sort=price&after=")

    third = text_of(client.get(to_third))
    assert "Page 3" in third
    assert len(NAME_PATTERN.findall(third)) == 2
    assert set(links_on(third)) == {"prev"}
    assert links_on(third)["prev"].startswith("/products?brand=acme&sort=price&before=")

    # Previous from the third page is the second page again, and so on back to the first.
    back = text_of(client.get(links_on(third)["prev"]))
    assert "Page 2" in back
    assert NAME_PATTERN.findall(back) == NAME_PATTERN.findall(second)
    assert links_on(back)["prev"] == "/products?brand=acme&sort=price"


def walk(client, path: str) -> list[list[str]]:
    """Every page of a listing, by its Next links."""
    pages = []
    while path:
        page = text_of(client.get(path))
        pages.append(NAME_PATTERN.findall(page))
        path = links_on(page).get("next")
        assert len(pages) < 10
    return pages


@pytest.mark.parametrize("sort", ["name", "brand", "price", "-price", "newest"])
def test_all_pages_together_list_every_product_once(client, many, sort):
    pages = walk(client, f"/products?sort={sort}")
    assert [len(names) for names in pages] == [24, 24, 2]
    seen = [name for names in pages for name in names]
    assert sorted(seen) == [f"Item {number:02d}" for number in range(50)]


def test_page_numbers_still_work(client, many):
    """Old links by page number (and the JSON API's) reach the same pages."""
    by_cursor = walk(client, "/products?sort=price")
    for number, names in enumerate(by_cursor, start=1):
        assert names_on(client, f"/products?sort=price&page={number}") == names


@pytest.mark.parametrize("page", ["0", "-3", "abc", "", "1.5"])
def test_bad_page_numbers_show_the_first_page(client, many, page):
    assert names_on(client, f"/products?page={page}") == names_on(client, "/products")


@pytest.mark.parametrize("cursor", ["x", "W10", "WyJhIl0", "!!!", "eyJhIjoxfQ", "WzEsMiwzXQ"])
def test_bad_cursors_show_the_first_page(client, many, cursor):
    for name in ("after", "before"):
        assert names_on(client, f"/products?{name}={cursor}") == names_on(client, "/products")


def test_page_past_the_end_is_empty_with_a_way_back(client, many):
    response = client.get("/products?page=99")
    assert response.status_code == 200
    assert "There are no products on this page." in text_of(response)
    assert NAME_PATTERN.findall(text_of(response)) == []


def test_cursor_past_the_end_is_empty_with_a_way_back(client, many, app):
    from storefront.services.catalogue_query import encode_cursor

    last = walk(client, "/products")[-1][-1]
    with app.app_context():
        from sqlalchemy import select

        from storefront.extensions import db
        from storefront.models import Product

        product = db.session.scalar(select(Product).where(Product.name == last))
        cursor = encode_cursor(4, (product.name, product.id))
    page = text_of(client.get(f"/products?after={cursor}"))
    assert "There are no products on this page." in page
    assert 'href="/products">Go to the first page' in page


def test_a_product_sold_out_between_pages_is_skipped_not_repeated(client, many, app):
    first = text_of(client.get("/products"))
    with app.app_context():
        from sqlalchemy import update

        from storefront.database import write_transaction
        from storefront.models import Product

        with write_transaction() as session:  # the first product of page 2 sells out
            session.execute(update(Product).where(Product.name == "Item 24").values(stock=0))
    second = NAME_PATTERN.findall(text_of(client.get(links_on(first)["next"])))
    assert second[0] == "Item 25"
    assert "Item 23" not in second


def test_names_are_escaped(client, app):
    with app.app_context():
        factories.product("Evil <script>alert(1)</script>", description="<b>bold</b>")
    page = text_of(client.get("/products"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page

"""Query budgets: how many SQL statements each busy page may send, whatever it shows.

A page's statements are counted at the engine (every statement, the session store's
included), leaving out transaction control (BEGIN, COMMIT, ROLLBACK), which SQLite's
driver sends as statements and PostgreSQL's does not. Each budget is a constant: a page
that shows 24 products, 5 cart lines or 20 orders sends as many statements as one that
shows one.

The budgets, for a signed-in customer with a cart (the most a page has to say):

  catalogue   5  session, user, brands/categories/stores, the page's products, cart count
  product     4  session, user, the product with what is available, cart count
  cart        4  session, user, the current cart, its lines with their products
  orders      4  session, user, one page of orders, cart count
  order       6  session, user, the order, its lines, its timeline of events, cart count
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from storefront.extensions import db
from storefront.models import Product
from storefront.services import carts, checkout, visitor_carts
from tests import factories

BUDGETS = {"catalogue": 5, "product": 4, "cart": 4, "orders": 4, "order": 6}
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class StatementCounter:
    """Counts the statements an engine sends while ``counting`` is on."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.counting = False

    def __call__(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        if self.counting and not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            self.statements.append(statement)

    def count(self, client, path: str) -> int:
        """Statements sent to answer GET ``path`` (which must answer 200), the second time.

        The first visit may show (and so remove) a flashed message, or put a CSRF token in
        a new session: one-off writes that are not the page's cost.
        """
        client.get(path)
        self.statements = []
        self.counting = True
        try:
            response = client.get(path)
        finally:
            self.counting = False
        assert response.status_code == 200, path
        return len(self.statements)


@pytest.fixture
def app(make_app):
    # No random clean-up of expired sessions in the middle of a count.
    return make_app(SESSION_CLEANUP_N_REQUESTS=None)


@pytest.fixture
def counter(app):
    counter = StatementCounter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)


@pytest.fixture
def shopper(app, client, auth):
    """A signed-in customer; returns their user id."""
    auth.register("alice")  # and signed in
    with app.app_context():
        from storefront.services import accounts

        return accounts.find_by_username("alice").id


def stock_shop(app, count: int) -> list:
    """``count`` products of one brand, category and store; returns their ids."""
    with app.app_context():
        brand = factories.brand("Acme")
        category = factories.category("Things")
        store = factories.store("Everything")
        return [
            factories.product(
                f"Item {n:02d}", brand=brand, category=category, store=store, stock=50
            ).id
            for n in range(count)
        ]


def fill_cart(app, user_id, products: list) -> None:
    with app.app_context():
        cart = visitor_carts.current_cart(user_id, None)
        cart_id = cart.id if cart else None
        for product_id in products:
            cart_id = carts.add_item(cart_id, user_id, product_id, 1).id


def place_orders(app, user_id, products: list, count: int) -> list:
    with app.app_context():
        return [checkout.place_order(user_id, [(products[n], 1)]).id for n in range(count)]


def test_catalogue_budget_does_not_grow_with_products_shown(app, client, counter, shopper):
    products = stock_shop(app, 30)
    fill_cart(app, shopper, products[:1])
    paths = ["/products", "/products?sort=brand", "/products?brand=acme&sort=-price"]
    with_many = [counter.count(client, path) for path in paths]
    with_one = counter.count(client, "/products?sort=price&page=2")  # 30 - 24 - 1 in cart
    next_link = client.get("/products?sort=price").get_data(as_text=True).split('rel="next"')[0]
    assert "after=" in next_link
    assert max(with_many) <= BUDGETS["catalogue"], counter.statements
    assert with_one == with_many[0]


def test_catalogue_for_a_guest_needs_two(app, client, counter):
    stock_shop(app, 3)
    # The filter lists and the page; a guest with nothing kept has no session to read.
    assert counter.count(client, "/products?sort=brand") == 2, counter.statements


def test_product_page_budget(app, client, counter, shopper):
    products = stock_shop(app, 2)
    fill_cart(app, shopper, products)
    assert counter.count(client, "/products/acme-item-00") <= BUDGETS["product"]


def test_cart_page_budget_does_not_grow_with_lines(app, client, counter, shopper):
    products = stock_shop(app, 6)
    fill_cart(app, shopper, products[:1])
    one_line = counter.count(client, "/cart")
    fill_cart(app, shopper, products[1:6])
    assert "Item 05" in client.get("/cart").get_data(as_text=True)
    six_lines = counter.count(client, "/cart")
    assert one_line == six_lines <= BUDGETS["cart"], counter.statements


def test_order_list_budget_does_not_grow_with_orders(app, client, counter, shopper):
    products = stock_shop(app, 6)
    place_orders(app, shopper, products, 1)
    one_order = counter.count(client, "/orders")
    place_orders(app, shopper, products, 5)
    six_orders = counter.count(client, "/orders")
    assert one_order == six_orders <= BUDGETS["orders"], counter.statements


def test_order_page_budget_does_not_grow_with_lines(app, client, counter, shopper):
    products = stock_shop(app, 5)
    with app.app_context():
        small = checkout.place_order(shopper, [(products[0], 1)]).id
        large = checkout.place_order(shopper, [(product_id, 2) for product_id in products]).id
    one_line = counter.count(client, f"/orders/{small}")
    five_lines = counter.count(client, f"/orders/{large}")
    assert one_line == five_lines <= BUDGETS["order"], counter.statements


def test_listing_reads_no_brand_category_or_store_per_product(app, client, counter):
    """The cards show the brand's name from the product row: no lazy loads, no joins."""
    stock_shop(app, 24)
    counter.count(client, "/products")
    listing = [sql for sql in counter.statements if "FROM products" in sql]
    assert len(listing) == 1
    assert "JOIN brands" not in listing[0]
    with app.app_context():
        assert db.session.scalar(select(Product.brand_name).limit(1)) == "Acme"


def test_search_page_budget_is_the_catalogues(app, client, counter, shopper):
    products = stock_shop(app, 30)
    fill_cart(app, shopper, products[:1])
    paths = ["/search?q=item", "/products?q=ite&sort=price&page=2", "/search?q=acme&brand=acme"]
    counts = [counter.count(client, path) for path in paths]
    assert max(counts) <= BUDGETS["catalogue"], counter.statements


def test_pictures_cost_no_statement_of_their_own(app, client, counter, shopper):
    from storefront.services import images
    from tests import image_files

    products = stock_shop(app, 3)
    fill_cart(app, shopper, products[:2])
    plain = [counter.count(client, p) for p in ("/products", "/products/acme-item-00", "/cart")]
    with app.app_context():
        for product_id in products:
            images.add_image(product_id, image_files.png(40, 30))
        images.add_image(products[0], image_files.jpeg(60, 40))
    pictured = [counter.count(client, p) for p in ("/products", "/products/acme-item-00", "/cart")]
    assert pictured == plain, counter.statements
    assert client.get("/products/acme-item-00").get_data(as_text=True).count("<img") == 2

"""The database restarts in the middle of a run of checkouts."""

from __future__ import annotations

import re
import threading
import time

from sqlalchemy import func, select

from storefront import create_app
from storefront.extensions import db
from storefront.models import Cart, Order, OrderLine, Product
from storefront.payments.sandbox import SUCCESS_CARD
from storefront.services import accounts
from tests import factories
from tests.conftest import BASE_CONFIG, migrate
from tests.helpers import PASSWORD, AuthActions, post_form

STOCK = 200
CARD = {"name": "Ada Lovelace", "number": SUCCESS_CARD, "expiry": "1239", "cvv": "123"}
CART_ID = re.compile(r'name="cart_id" type="hidden" value="([^"]+)"')


def buy_once(client, product) -> list[int]:
    """Add one unit and check out; the status codes of each step."""
    codes = [
        post_form(
            client, "/cart/add", {"product_id": product, "quantity": 1}, page="/cart"
        ).status_code
    ]
    page = client.get("/checkout")
    codes.append(page.status_code)
    match = CART_ID.search(page.get_data(as_text=True))
    if match:
        codes.append(
            post_form(
                client, "/checkout", {**CARD, "cart_id": match.group(1)}, page="/cart"
            ).status_code
        )
    return codes


def test_checkouts_survive_a_database_restart(throwaway_postgres, tmp_path):
    migrate(throwaway_postgres.url, tmp_path / "migrate")
    app = create_app(
        {
            **BASE_CONFIG,
            "SQLALCHEMY_DATABASE_URI": throwaway_postgres.url,
            "INSTANCE_PATH": tmp_path,
        }
    )
    with app.app_context():
        product = str(factories.product("Telecaster", stock=STOCK).id)
        for number in range(6):
            accounts.register(f"buyer{number}", PASSWORD)

    codes: list[int] = []
    crashes: list[BaseException] = []
    stop = threading.Event()

    def shopper(number: int) -> None:
        try:
            shop_until_stopped(number)
        except BaseException as error:  # anything escaping the app is a failure
            crashes.append(error)

    def shop_until_stopped(number: int) -> None:
        client = app.test_client()
        while True:
            try:
                AuthActions(client).login(f"buyer{number}")
                break
            except AssertionError:  # no page to read a token from while the database is away
                time.sleep(0.1)
        while not stop.is_set():
            try:
                codes.extend(buy_once(client, product))
            except AssertionError:
                codes.append(503)

    threads = [threading.Thread(target=shopper, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    throwaway_postgres.restart()
    time.sleep(1.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    assert crashes == []
    assert 500 not in codes
    assert set(codes) <= {200, 302, 400, 503}
    assert 503 in codes, "the restart was noticed"

    client = app.test_client()  # the same app, not restarted, works again
    AuthActions(client).login("buyer0")
    assert buy_once(client, product)[-1] == 302

    with app.app_context():
        sold = db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0)))
        assert db.session.get(Product, product).stock + sold == STOCK
        assert sold > 0
        orders = db.session.scalars(select(Order)).all()
        assert all(order.lines for order in orders)  # no order without its lines
        closed = db.session.scalars(select(Cart).where(Cart.status == "checked_out")).all()
        assert {cart.id for cart in closed} == {order.cart_id for order in orders}
        db.engine.dispose()

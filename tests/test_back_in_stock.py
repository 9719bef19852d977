"""Back in stock: each way a product becomes buyable again sends each waiting customer one
e-mail, once (the sweep ``back_in_stock.notify_available``, run every minute by the worker)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import BackInStockRequest, Cart
from storefront.models.base import utcnow
from storefront.services import back_in_stock, carts, catalogue_admin, order_life
from storefront.services.errors import InvalidInput
from tests import factories
from tests.inventory_events import event, receive
from tests.mail_helpers import outbox
from tests.order_life_helpers import admin, paid_order
from tests.test_cart_concurrency import run_at_once
from tests.test_inventory_service import warehouse_product


def customers(*names: str) -> list:
    return [factories.user(name, email=f"{name}@example.com").id for name in names]


def mails() -> list[tuple[str, str]]:
    return sorted(
        (row.to_address, row.context["product_name"])
        for row in outbox()
        if row.template == "back-in-stock"
    )


def waiting() -> int:
    db.session.rollback()
    return int(db.session.scalar(select(func.count()).select_from(BackInStockRequest)) or 0)


def test_raising_stock_mails_each_waiting_customer_once(ctx):
    guitar = factories.product("Telecaster", stock=0)
    ada, bob = customers("ada", "bob")
    assert back_in_stock.ask(ada, guitar.id) is True
    assert back_in_stock.ask(ada, guitar.id) is False  # one request per customer and product
    back_in_stock.ask(bob, guitar.id)
    assert back_in_stock.notify_available() == 0  # still out of stock: nobody is told
    assert waiting() == 2

    catalogue_admin.change_stock(guitar.id, set_to=3)
    assert back_in_stock.notify_available() == 2
    assert back_in_stock.notify_available() == 0
    assert mails() == [("ada@example.com", "Telecaster"), ("bob@example.com", "Telecaster")]
    assert waiting() == 0
    [row] = [row for row in outbox() if row.to_address == "ada@example.com"]
    assert row.context["product_path"] == f"/products/{guitar.slug}"


def test_switching_a_product_back_on(ctx):
    guitar = factories.product("Telecaster", stock=4, active=False)
    [ada] = customers("ada")
    back_in_stock.ask(ada, guitar.id)
    catalogue_admin.update_product(guitar.id, {"active": True})
    assert back_in_stock.notify_available() == 1


def test_the_warehouse_feed(ctx):
    receive(event(quantity=0))
    product = warehouse_product()
    [ada] = customers("ada")
    back_in_stock.ask(ada, product.id)
    receive(event("item.stock_set", quantity=5, at=10))
    assert back_in_stock.notify_available() == 1
    assert mails() == [("ada@example.com", "Walnut Ukulele")]


def test_a_cart_that_lets_go_of_the_last_unit(ctx):
    guitar = factories.product("Telecaster", stock=1)
    holder, ada = customers("holder", "ada")
    cart = carts.add_item(None, holder, guitar.id, 1)
    back_in_stock.ask(ada, guitar.id)
    assert back_in_stock.notify_available() == 0
    carts.remove_line(cart.id, holder, guitar.id)
    assert back_in_stock.notify_available() == 1


def test_a_cart_that_expires_without_any_change(ctx):
    guitar = factories.product("Telecaster", stock=1)
    holder, ada = customers("holder", "ada")
    cart = carts.add_item(None, holder, guitar.id, 1)
    back_in_stock.ask(ada, guitar.id)
    assert back_in_stock.notify_available() == 0
    with write_transaction() as session:  # time passes: the cart stops holding its line
        session.execute(
            update(Cart).where(Cart.id == cart.id).values(updated_at=utcnow() - timedelta(days=1))
        )
    assert back_in_stock.notify_available() == 1


def test_a_cancelled_order_giving_its_stock_back(ctx):
    guitar = factories.product("Telecaster", stock=1, price_cents=10000)
    buyer, ada = customers("buyer", "ada")
    order_id = paid_order(buyer, [(guitar.id, 1)])
    back_in_stock.ask(ada, guitar.id)
    assert back_in_stock.notify_available() == 0
    order_life.cancel(order_id, admin(), "Out of strings")
    assert back_in_stock.notify_available() == 1


def test_a_product_one_can_buy_now_needs_no_waiting(ctx):
    guitar = factories.product("Telecaster", stock=2)
    [ada] = customers("ada")
    with pytest.raises(back_in_stock.AvailableNow, match="Telecaster is available now"):
        back_in_stock.ask(ada, guitar.id)
    assert waiting() == 0


def test_a_customer_without_an_address_is_asked_for_one(ctx):
    guitar = factories.product("Telecaster", stock=0)
    nobody = factories.user("nobody").id
    with pytest.raises(InvalidInput, match="Add your e-mail address"):
        back_in_stock.ask(nobody, guitar.id)


def test_cancelling_a_request_sends_nothing(ctx):
    guitar = factories.product("Telecaster", stock=0)
    [ada] = customers("ada")
    back_in_stock.ask(ada, guitar.id)
    assert back_in_stock.is_waiting(ada, guitar.id)
    assert back_in_stock.cancel(ada, guitar.id) is True
    catalogue_admin.change_stock(guitar.id, set_to=1)
    assert back_in_stock.notify_available() == 0
    assert mails() == []


def test_many_waiting_customers_in_several_batches(ctx, monkeypatch):
    monkeypatch.setattr(back_in_stock, "BATCH_SIZE", 3)
    guitar = factories.product("Telecaster", stock=0)
    names = [f"fan{number}" for number in range(7)]
    for customer in customers(*names):
        back_in_stock.ask(customer, guitar.id)
    catalogue_admin.change_stock(guitar.id, set_to=1)
    assert back_in_stock.notify_available() == 7
    assert len(mails()) == 7


def test_sweeps_at_once_send_each_e_mail_once(app):
    with app.app_context():
        guitar = factories.product("Telecaster", stock=0)
        names = [f"fan{number}" for number in range(12)]
        for customer in customers(*names):
            back_in_stock.ask(customer, guitar.id)
        catalogue_admin.change_stock(guitar.id, set_to=1)
    counts = run_at_once(app, 4, lambda _n: back_in_stock.notify_available())
    assert sum(counts) == 12
    with app.app_context():
        assert len(mails()) == 12
        assert waiting() == 0

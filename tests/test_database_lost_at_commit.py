"""The database fails at a commit: the 503 says what is known, never "nothing was changed"
when something was.

The fault is injected at the driver: the commit of the transaction that records a payment
reports a lost connection, after the server committed it (in doubt) or before (lost).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from storefront.extensions import db
from storefront.models import Order, PaymentAttempt, Product
from storefront.payments import provider_for
from tests import factories
from tests.api_helpers import SUCCESS_CARD
from tests.helpers import post_form, text_of

CARD = {"name": "Alice Liddell", "number": "4242424242424242", "expiry": "1239", "cvv": "123"}


class LostAtCommit:
    """Makes the commit of a transaction that ran a chosen statement report a lost link."""

    def __init__(self, app: Any) -> None:
        with app.app_context():
            self.engine = db.engine
        self.marker: str | None = None
        self.after = True  # commit on the server first: the outcome the client never hears
        self.at_statement = False
        self.fired = 0
        self.flagged: set[int] = set()  # pooled connections whose next commit fails
        event.listen(self.engine, "before_cursor_execute", self._watch)
        self._real_commit = self.engine.dialect.do_commit
        self.engine.dialect.do_commit = self._commit  # type: ignore[method-assign]

    def arm(self, marker: str | None, *, after: bool = True, at_statement: bool = False) -> None:
        self.marker, self.after, self.at_statement = marker, after, at_statement

    def _watch(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.marker and statement.lstrip().startswith(self.marker):
            if self.at_statement:  # the link drops as the statement is sent: nothing runs
                self.fired += 1
                raise OperationalError(statement, {}, Exception("server closed the connection"))
            self.flagged.add(id(conn.connection))

    def _commit(self, dbapi_connection: Any) -> None:
        if id(dbapi_connection) not in self.flagged:
            self._real_commit(dbapi_connection)
            return
        self.flagged.discard(id(dbapi_connection))
        self.fired += 1
        if self.after:
            self._real_commit(dbapi_connection)
        else:
            dbapi_connection.rollback()
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    def remove(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._watch)
        self.engine.dialect.do_commit = self._real_commit  # type: ignore[method-assign]


@pytest.fixture
def lost(app: Any) -> Iterator[LostAtCommit]:
    fault = LostAtCommit(app)
    yield fault
    fault.remove()


def charges(app: Any) -> list[dict[str, Any]]:
    return provider_for(app).sandbox.ledger()  # type: ignore[attr-defined]


def checkout(client: Any) -> Any:
    page = text_of(client.get("/checkout"))
    cart_id = re.search(r'name="cart_id" type="hidden" value="([^"]+)"', page).group(1)
    return post_form(client, "/checkout", {**CARD, "cart_id": cart_id}, page="/checkout")


def one_order(app: Any) -> tuple[Order, list[PaymentAttempt]]:
    with app.app_context():
        orders = db.session.scalars(select(Order)).all()
        assert len(orders) == 1
        attempts = list(orders[0].attempts)
        db.session.expunge_all()
        return orders[0], attempts


@pytest.fixture
def guitar(app: Any) -> Any:
    with app.app_context():
        product = factories.product("Telecaster", price_cents=89900, stock=3)
        return product.id


def test_payment_recorded_but_unconfirmed_says_where_to_look(app, client, auth, guitar, lost):
    auth.register("alice")
    post_form(client, "/cart/add", {"product_id": str(guitar), "quantity": 1}, page="/cart")
    lost.arm("UPDATE payment_attempts", after=True)

    response = checkout(client)

    assert lost.fired == 1
    assert response.status_code == 503
    page = text_of(response)
    assert "Nothing was changed" not in page
    assert "some of what you asked for was saved" in page
    assert 'href="/orders"' in page or "(/orders)" in page
    assert "never charged twice" in page
    order, _ = one_order(app)
    assert order.status == "paid"  # the commit went through after all
    assert [charge["reference"] for charge in charges(app)] == [str(order.id)]


def test_order_placed_but_payment_unrecorded_is_paid_once_later(app, lost, api, ctx):
    caller = api.customer("alice")
    product_id = factories.product("Telecaster", price_cents=89900, stock=3).id
    lost.arm("UPDATE payment_attempts", after=False)
    lines = [{"product_id": str(product_id), "quantity": 1}]

    response = caller.post("/orders", {"lines": lines, "card": SUCCESS_CARD})

    assert response.status_code == 503
    message = response.get_json()["error"]["message"]
    assert "Nothing was changed" not in message
    assert "some of what you asked for was saved" in message
    assert "your orders" in message
    order, attempts = one_order(app)
    assert order.status == "pending_payment"
    assert [attempt.status for attempt in attempts] == ["in_flight"]
    assert len(charges(app)) == 1  # the provider took the money; the shop never heard

    lost.arm(None)
    app.config["PAYMENT_IN_FLIGHT_SECONDS"] = 0  # the first call's claim has lapsed
    answer = caller.post(f"/orders/{order.id}/pay", {"card": SUCCESS_CARD})
    assert answer.status_code == 201
    assert answer.get_json()["payment_id"] == charges(app)[0]["payment_id"]
    assert len(charges(app)) == 1  # the same key: never charged twice
    assert db.session.get(Product, product_id).stock == 2


def test_failure_before_any_commit_says_nothing_changed(app, client, auth, guitar, lost):
    auth.register("alice")
    post_form(client, "/cart/add", {"product_id": str(guitar), "quantity": 1}, page="/cart")
    lost.arm("INSERT INTO orders", at_statement=True)

    response = checkout(client)

    assert response.status_code == 503
    assert "Nothing was changed" in text_of(response)
    with app.app_context():
        assert db.session.scalars(select(Order)).all() == []
        assert db.session.get(Product, guitar).stock == 3
    assert charges(app) == []

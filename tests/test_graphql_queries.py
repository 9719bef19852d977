"""GraphQL without N+1: a query's statements do not grow with the carts, lines and items it
reads; and the endpoint served by gunicorn over real HTTP."""

from __future__ import annotations

import uuid

import pytest
import requests
from sqlalchemy import event

from storefront.extensions import db
from storefront.services import carts
from tests import factories
from tests.api_helpers import SUCCESS_CARD
from tests.graphql_helpers import data_of
from tests.served_shop import served

QUERIES = {
    "carts": "{ listCarts { id items { amount item { id name amount inCart } } } }",
    "reserved": "{ listReservedItems { amount item { id name amount } } }",
    "items": "query($cart: ID) { listItems(cartId: $cart) { id name amount inCart } }",
}


class Counter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(statement)


@pytest.fixture
def counter(app):
    counter = Counter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)


def fill(app, user_id, carts_wanted: int, lines: int) -> str:
    """``carts_wanted`` carts of the user, each with ``lines`` products; the last cart's id."""
    with app.app_context():
        cart_id = None
        for _ in range(carts_wanted):
            cart_id = None
            for _ in range(lines):
                product = factories.product(stock=50)
                cart_id = carts.add_item(cart_id, user_id, product.id, 2).id
        return str(cart_id)


def statements_for(alice, counter, name: str, cart: str) -> int:
    variables = {"cart": cart} if name == "items" else {}
    counter.statements.clear()
    data_of(alice, QUERIES[name], **variables)
    return len(counter.statements)


@pytest.mark.parametrize("name", list(QUERIES))
def test_statements_do_not_grow_with_what_is_read(api, app, counter, name):
    alice = api.customer("alice")
    user_id = alice.user["id"]
    small = fill(app, uuid.UUID(user_id), 1, 1)
    statements_for(alice, counter, name, small)  # the token's first use is written once
    few = statements_for(alice, counter, name, small)
    large = fill(app, uuid.UUID(user_id), 4, 5)
    many = statements_for(alice, counter, name, large)
    assert many == few, "\n---\n".join(counter.statements)


def test_the_flow_over_http_served_by_gunicorn(app, tmp_path):
    with served(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "shop.log") as base:
        credentials = {"username": "alice", "password": "correct horse battery"}
        requests.post(f"{base}/api/v1/users", json=credentials, timeout=30)
        token = requests.post(f"{base}/api/v1/tokens", json=credentials, timeout=30).json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        with app.app_context():
            item = str(factories.product("Seed Mix", price_cents=499, stock=4).id)

        def call(query: str, **variables):
            answer = requests.post(
                f"{base}/graphql",
                json={"query": query, "variables": variables},
                headers=headers,
                timeout=60,
            )
            assert answer.status_code == 200
            assert "errors" not in answer.json(), answer.json()
            return answer.json()["data"]

        cart = call("mutation { createCart { id } }")["createCart"]["id"]
        call(
            "mutation($c: ID!, $i: ID!) { addToCart(cartId: $c, itemId: $i, amount: 3) { id } }",
            c=cart,
            i=item,
        )
        order = call(
            "mutation($c: ID!, $card: CardInput!) { buyCart(cartId: $c, card: $card) "
            "{ status total } }",
            c=cart,
            card=SUCCESS_CARD,
        )["buyCart"]
        assert order == {"status": "paid", "total": "14.97"}
        items = call("{ listItems { name amount } }")["listItems"]
        assert items == [{"name": "Seed Mix", "amount": 1}]
        assert requests.get(f"{base}/graphql", timeout=30).status_code == 405

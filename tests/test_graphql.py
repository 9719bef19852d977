"""The GraphQL face: the shop-API description's flow, its errors with REST's codes, its limits."""

from __future__ import annotations

from sqlalchemy import update

from storefront.extensions import db
from storefront.models import Order
from tests.api_helpers import DECLINED_CARD, SUCCESS_CARD
from tests.graphql_helpers import codes_of, data_of, gql

CREATE_ITEM = """mutation($name: String!, $amount: Int!, $price: String) {
  createItem(name: $name, amount: $amount, price: $price) { id name amount inCart } }"""
CREATE_CART = "mutation { createCart { id items { amount } } }"
ADD = """mutation($cart: ID!, $item: ID!, $amount: Int!) {
  addToCart(cartId: $cart, itemId: $item, amount: $amount) {
    id items { amount item { id name amount inCart } } } }"""
BUY = """mutation($cart: ID!, $card: CardInput!) {
  buyCart(cartId: $cart, card: $card) { id number status total items { amount item { name } } } }"""
LIST = "query($cart: ID) { listItems(cartId: $cart) { id name amount inCart } }"


def test_the_description_flow_from_item_to_bought(api):
    admin, alice = api.admin(), api.customer("alice")
    item = data_of(admin, CREATE_ITEM, name="Seed Mix", amount=5, price="4.99")["createItem"]
    assert (item["name"], item["amount"], item["inCart"]) == ("Seed Mix", 5, 0)

    cart = data_of(alice, CREATE_CART)["createCart"]
    assert cart["items"] == []
    added = data_of(alice, ADD, cart=cart["id"], item=item["id"], amount=2)["addToCart"]
    assert added["items"] == [
        {"amount": 2, "item": {"id": item["id"], "name": "Seed Mix", "amount": 3, "inCart": 2}}
    ]
    assert data_of(alice, LIST)["listItems"] == [{**item, "amount": 3}]
    assert data_of(alice, LIST, cart=cart["id"])["listItems"] == [
        {**item, "amount": 3, "inCart": 2}
    ]
    reserved = data_of(alice, "{ listReservedItems { amount item { name } } }")
    assert reserved["listReservedItems"] == [{"amount": 2, "item": {"name": "Seed Mix"}}]
    carts = data_of(alice, "{ listCarts { id items { amount } } }")["listCarts"]
    assert carts == [{"id": cart["id"], "items": [{"amount": 2}]}]

    order = data_of(alice, BUY, cart=cart["id"], card=SUCCESS_CARD)["buyCart"]
    assert (order["status"], order["total"]) == ("paid", "9.98")
    assert order["items"] == [{"amount": 2, "item": {"name": "Seed Mix"}}]
    bought = data_of(alice, "{ listBoughtItems { amount item { name amount } } }")
    assert bought["listBoughtItems"] == [{"amount": 2, "item": {"name": "Seed Mix", "amount": 3}}]
    assert data_of(alice, "{ listCarts { id } }")["listCarts"] == []

    bob = api.customer("bob")
    assert data_of(bob, "{ listBoughtItems { amount } }")["listBoughtItems"] == []
    every = data_of(admin, "{ listBoughtItems { amount } }")["listBoughtItems"]
    assert every == [{"amount": 2}]

    other = data_of(bob, CREATE_CART)["createCart"]
    gone = data_of(bob, "mutation($id: ID!) { deleteCart(cartId: $id) }", id=other["id"])
    assert gone == {"deleteCart": other["id"]}


def test_errors_carry_the_rest_codes_and_change_nothing(api):
    admin, alice = api.admin(), api.customer("alice")
    item = data_of(admin, CREATE_ITEM, name="Cuttlebone", amount=1, price="2.00")["createItem"]
    cart = data_of(alice, CREATE_CART)["createCart"]

    too_many = gql(alice, ADD, cart=cart["id"], item=item["id"], amount=2)
    assert codes_of(too_many) == ["not_enough_stock"]
    assert too_many["data"] == {"addToCart": None}
    missing = gql(alice, ADD, cart=cart["id"], item="not-an-id", amount=1)
    assert codes_of(missing) == ["not_found"]
    bob = api.customer("bob")
    assert codes_of(gql(bob, ADD, cart=cart["id"], item=item["id"], amount=1)) == ["not_found"]
    bad_amount = gql(alice, ADD, cart=cart["id"], item=item["id"], amount=0)
    assert codes_of(bad_amount) == ["validation_failed"]

    data_of(alice, ADD, cart=cart["id"], item=item["id"], amount=1)
    declined = gql(alice, BUY, cart=cart["id"], card=DECLINED_CARD)
    assert codes_of(declined) == ["payment_declined"]
    assert declined["errors"][0]["extensions"]["order"]["status"] == "pending_payment"
    bad_card = gql(alice, BUY, cart=cart["id"], card={**SUCCESS_CARD, "number": "1234"})
    assert codes_of(bad_card) == ["validation_failed"]
    assert "card.number" in bad_card["errors"][0]["extensions"]["fields"]

    assert codes_of(gql(alice, CREATE_ITEM, name="Perch", amount=1)) == ["forbidden"]
    assert codes_of(gql(api.anonymous, "{ listCarts { id } }")) == ["unauthorized"]
    alice.token = "wrong"
    assert codes_of(gql(alice, "{ listCarts { id } }")) == ["unauthorized"]
    assert codes_of(gql(admin, CREATE_ITEM, name="Bad<name>", amount=1)) == ["validation_failed"]
    taken = gql(admin, CREATE_ITEM, name="Cuttlebone", amount=1)
    assert codes_of(taken) == ["name_taken"]


def test_deep_or_costly_queries_are_refused_before_they_run(api, app):
    alice = api.customer("alice")
    app.config["GRAPHQL_MAX_DEPTH"] = 3  # the schema has no cycles: nothing is deeper than 4
    assert codes_of(gql(alice, "{ listCarts { items { item { id } } } }")) == ["query_too_deep"]
    app.config["GRAPHQL_MAX_DEPTH"] = 6
    deep = "{ listCarts { items { item { id } } } }"  # depth 4: fine
    assert "errors" not in gql(alice, deep)
    costly = (
        "{ "
        + " ".join(f"a{n}: listCarts {{ items {{ item {{ id name }} }} }}" for n in range(3))
        + " }"
    )
    assert codes_of(gql(alice, costly)) == ["query_too_costly"]
    fragment = """query { listCarts { ...Deep } }
      fragment Deep on Cart { items { item { id } amount } id }"""
    assert "errors" not in gql(alice, fragment)
    unknown = gql(alice, "{ listNothing }")
    assert codes_of(unknown) == ["invalid_query"]


def test_get_and_the_explorer_page_are_off(client):
    assert client.get("/graphql").status_code in (404, 405)
    answer = client.post("/graphql", data="{", content_type="application/json")
    assert answer.status_code == 400


def test_shipped_and_delivered_orders_still_count_as_bought(api, app):
    admin, alice = api.admin(), api.customer("alice")
    item = data_of(admin, CREATE_ITEM, name="Perch", amount=3, price="3.00")["createItem"]
    cart = data_of(alice, CREATE_CART)["createCart"]
    data_of(alice, ADD, cart=cart["id"], item=item["id"], amount=1)
    data_of(alice, BUY, cart=cart["id"], card=SUCCESS_CARD)
    with app.app_context():
        db.session.execute(update(Order).values(status="shipped"))
        db.session.commit()
    bought = data_of(alice, "{ listBoughtItems { amount item { name } } }")["listBoughtItems"]
    assert bought == [{"amount": 1, "item": {"name": "Perch"}}]

"""The GraphQL types, and how the shop's values become them, availability asked in bulk."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import strawberry

from ..models import Cart as CartRow
from ..money import amount_text
from ..rules import MAX_QUANTITY
from ..services import stock
from ..services.order_summary import OrderSummary


@strawberry.type(description="A product: what can still be put in a cart, and what one holds.")
class Item:
    id: strawberry.ID
    name: str
    amount: int = strawberry.field(
        description="Units available; with a cart, what that cart could still add."
    )
    in_cart: int = strawberry.field(description="Units in the cart asked about (else 0).")


@strawberry.type(description="A quantity of one item.")
class ItemAmount:
    item: Item
    amount: int


@strawberry.type(description="One of your active carts.")
class Cart:
    id: strawberry.ID
    items: list[ItemAmount]
    expires_at: str = strawberry.field(description="When the cart lets go of its items.")


@strawberry.type(description="An order: paid, or kept pending while the payment is unknown.")
class Order:
    id: strawberry.ID
    number: str
    status: str
    total: str = strawberry.field(description='Dollars, as in the REST API: "12.99".')
    items: list[ItemAmount]


@strawberry.input(description="A card, only in flight: never stored.")
class CardInput:
    name: str
    number: str
    expiry: str = strawberry.field(description="MMYY")
    cvv: str


def could_add(available: int, in_cart: int) -> int:
    """What a cart holding ``in_cart`` could still add, with ``available`` left for it."""
    return max(min(available, MAX_QUANTITY - in_cart), 0)


def items_for(
    names: dict[uuid.UUID, str], in_cart: dict[uuid.UUID, int] | None = None
) -> dict[uuid.UUID, Item]:
    """Items for these products, their availability read in one statement."""
    available = stock.available_by_product(list(names))
    held = in_cart or {}
    return {
        product_id: Item(
            id=strawberry.ID(str(product_id)),
            name=name,
            amount=could_add(available.get(product_id, 0), held.get(product_id, 0))
            if in_cart is not None
            else available.get(product_id, 0),
            in_cart=held.get(product_id, 0),
        )
        for product_id, name in names.items()
    }


def amounts(rows: Iterable[tuple[uuid.UUID, str, int]]) -> list[ItemAmount]:
    """(product, name, quantity) rows as item amounts, in their order."""
    rows = list(rows)
    items = items_for({product_id: name for product_id, name, _ in rows})
    return [ItemAmount(item=items[product_id], amount=quantity) for product_id, _, quantity in rows]


def carts_of(rows: list[CartRow]) -> list[Cart]:
    """Carts with their lines; every product's availability in one statement for them all."""
    names = {line.product_id: line.product.name for row in rows for line in row.lines}
    available = stock.available_by_product(list(names))
    ttl = stock.cart_ttl()
    made = []
    for row in rows:
        items = [
            ItemAmount(
                item=Item(
                    id=strawberry.ID(str(line.product_id)),
                    name=line.product.name,
                    amount=could_add(available.get(line.product_id, 0), line.quantity),
                    in_cart=line.quantity,
                ),
                amount=line.quantity,
            )
            for line in row.lines
        ]
        expires = (row.updated_at + ttl).isoformat()
        made.append(Cart(id=strawberry.ID(str(row.id)), items=items, expires_at=expires))
    return made


def order_of(order: OrderSummary) -> Order:
    """The order as GraphQL shows it."""
    return Order(
        id=strawberry.ID(str(order.id)),
        number=order.number,
        status=order.status,
        total=amount_text(order.total_cents),
        items=amounts((line.product_id, line.name, line.quantity) for line in order.lines),
    )

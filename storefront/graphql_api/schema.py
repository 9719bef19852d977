"""The schema: the shop-API description's queries and mutations, over the shop's services."""

from __future__ import annotations

import uuid
from typing import Any

import strawberry
from flask import current_app
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter
from strawberry.types import Info

from ..payments.cards import InvalidCard, parse_card
from ..services import buying, carts, catalogue, catalogue_admin, reports
from ..services.catalogue_query import CatalogueQuery
from ..services.errors import ServiceError
from ..services.inventory import Placement
from ..services.tokens import TokenHolder
from . import types
from .errors import FORBIDDEN, UNAUTHORIZED, failure, from_service_error
from .limits import CostLimit

PAGE_SIZE = 100
MAX_ALIASES = 20
MAX_TOKENS = 2000


def _caller(info: Info) -> TokenHolder:
    user = info.context.get("user")
    if user is None:
        message = info.context.get("token_problem") or (
            "This needs a token: send Authorization: Bearer <token>."
        )
        raise failure(message, UNAUTHORIZED)
    return user


def _admin(info: Info) -> TokenHolder:
    user = _caller(info)
    if not user.is_admin:
        raise failure("Only admins may do this.", FORBIDDEN)
    return user


def _id(value: strawberry.ID, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise failure(f"There is no such {what}.", "not_found") from None


def _service(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except ServiceError as error:
        raise from_service_error(error) from None


@strawberry.type
class Query:
    @strawberry.field(description="Items for sale (100 a page, by name); with a cart, its view.")
    def list_items(
        self, info: Info, cart_id: strawberry.ID | None = None, page: int = 1
    ) -> list[types.Item]:
        held: dict[uuid.UUID, int] | None = None
        if cart_id is not None:
            cart = _service(carts.get_cart, _id(cart_id, "cart"), _caller(info).id)
            held = {line.product_id: line.quantity for line in cart.lines}
        listing = catalogue.list_products(CatalogueQuery(page=max(page, 1)), PAGE_SIZE)
        if held is None:
            return [
                types.Item(
                    id=strawberry.ID(str(entry.product.id)),
                    name=entry.product.name,
                    amount=max(entry.available, 0),
                    in_cart=0,
                )
                for entry in listing.items
            ]
        names = {entry.product.id: entry.product.name for entry in listing.items}
        return list(types.items_for(names, held).values())

    @strawberry.field(description="Your active carts, the most recently changed first.")
    def list_carts(self, info: Info) -> list[types.Cart]:
        return types.carts_of(carts.active_carts(_caller(info).id))

    @strawberry.field(description="Units your active carts hold; every customer's for an admin.")
    def list_reserved_items(self, info: Info) -> list[types.ItemAmount]:
        user = _caller(info)
        rows = reports.reserved_by_product(None if user.is_admin else user.id)
        return types.amounts((row.product_id, row.product, row.quantity) for row in rows)

    @strawberry.field(description="Units you bought in paid orders; every customer's for an admin.")
    def list_bought_items(self, info: Info) -> list[types.ItemAmount]:
        user = _caller(info)
        rows = reports.sold_by_product(None if user.is_admin else user.id)
        return types.amounts((row.product_id, row.product, row.quantity) for row in rows)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Admins: a product of the default store, brand and category, with "
        'amount units in stock; price in dollars ("4.99"), 0.00 when left out.'
    )
    def create_item(
        self, info: Info, name: str, amount: int, price: str | None = None
    ) -> types.Item | None:
        _admin(info)
        placement = Placement.from_settings(current_app.config)
        product = _service(
            catalogue_admin.create_placed_product, name, amount, price or "0.00", placement
        )
        return types.items_for({product.id: product.name})[product.id]

    @strawberry.mutation(description="A new, empty cart of yours.")
    def create_cart(self, info: Info) -> types.Cart | None:
        return types.carts_of([carts.create_cart(_caller(info).id)])[0]

    @strawberry.mutation(description="Add units of an item to one of your carts.")
    def add_to_cart(
        self, info: Info, cart_id: strawberry.ID, item_id: strawberry.ID, amount: int
    ) -> types.Cart | None:
        user = _caller(info)
        cart = _service(
            carts.add_item, _id(cart_id, "cart"), user.id, _id(item_id, "product"), amount
        )
        return types.carts_of([cart])[0]

    @strawberry.mutation(description="Buy a cart and pay by card (declined: an error).")
    def buy_cart(
        self, info: Info, cart_id: strawberry.ID, card: types.CardInput
    ) -> types.Order | None:
        user = _caller(info)
        try:
            paying = parse_card(card.name, card.number, card.expiry, card.cvv)
        except InvalidCard as error:
            fields = {f"card.{name}": message for name, message in error.fields.items()}
            raise failure(error.message, "validation_failed", fields=fields) from None
        purchase = _service(buying.buy, user.id, paying, cart_id=_id(cart_id, "cart"))
        order = types.order_of(purchase.order)
        if purchase.result is buying.Result.DECLINED:
            reason = (purchase.reason or "the card was declined").rstrip(".")
            raise failure(
                f"The payment did not go through: {reason}. Order {order.number} is kept, "
                "pending: pay for it with another card.",
                "payment_declined",
                order={"id": order.id, "number": order.number, "status": order.status},
            )
        return order

    @strawberry.mutation(description="Delete one of your carts; answers its id.")
    def delete_cart(self, info: Info, cart_id: strawberry.ID) -> strawberry.ID | None:
        _service(carts.delete_cart, _id(cart_id, "cart"), _caller(info).id)
        return cart_id


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        lambda: AddValidationRules([CostLimit]),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ],
)

"""The checkout reference: the shop's buying rows, and nothing else, through Flask and Core.

``POST /checkout`` takes the body of the shop's ``POST /api/v1/orders`` with its bearer
token and does what buying does to the database, in the same transactions, with hand-written
SQLAlchemy Core and no validation, logging, schema or ORM:

1. read the token's user;
2. one transaction: lock the products in id order, sum what fresh carts hold of them, take
   the stock with a conditional update, write the order, its lines and payment attempt 1;
3. (the shop calls the payment provider here; the reference does not);
4. one transaction: mark the order paid and the attempt paid.

It answers 201 with the order's id and number, or 409 when stock is short. The shop's
orders per second divided by this one's is the checkout ratio ``make bench`` prints.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, request
from sqlalchemy import Engine, bindparam, event, func, insert, select, update

from storefront.models import ApiToken, Cart, CartLine, Order, OrderLine, PaymentAttempt, Product

TOKENS, PRODUCTS = ApiToken.__table__, Product.__table__
CARTS, CART_LINES = Cart.__table__, CartLine.__table__
ORDERS, LINES, ATTEMPTS = Order.__table__, OrderLine.__table__, PaymentAttempt.__table__
CART_TTL = timedelta(minutes=60)

WHO = select(TOKENS.c.user_id).where(
    TOKENS.c.token_hash == bindparam("hash"), TOKENS.c.revoked_at.is_(None)
)
LOCK = (
    select(PRODUCTS.c.id, PRODUCTS.c.name, PRODUCTS.c.price_cents, PRODUCTS.c.stock)
    .where(PRODUCTS.c.id.in_(bindparam("ids", expanding=True)), PRODUCTS.c.active.is_(True))
    .order_by(PRODUCTS.c.id)
    .with_for_update()
)
HELD = (
    select(CART_LINES.c.product_id, func.sum(CART_LINES.c.quantity))
    .join(CARTS, CARTS.c.id == CART_LINES.c.cart_id)
    .where(
        CARTS.c.status == "active",
        CARTS.c.updated_at > bindparam("since"),
        CART_LINES.c.product_id.in_(bindparam("ids", expanding=True)),
    )
    .group_by(CART_LINES.c.product_id)
)
TAKE = (
    update(PRODUCTS)
    .where(PRODUCTS.c.id == bindparam("pid"), PRODUCTS.c.stock >= bindparam("quantity"))
    .values(stock=PRODUCTS.c.stock - bindparam("quantity"))
)
PAID_ORDER = update(ORDERS).where(
    ORDERS.c.id == bindparam("oid"), ORDERS.c.status == "pending_payment"
)
PAID_ATTEMPT = update(ATTEMPTS).where(ATTEMPTS.c.id == bindparam("aid"))


def register_checkout(app: Flask, engine: Engine) -> None:
    """Add ``POST /checkout`` to the reference app."""
    if engine.dialect.name == "sqlite":
        _immediate_writes(engine)

    @app.post("/checkout")
    def checkout() -> tuple[dict, int]:
        body = request.get_json()
        secret = request.headers["Authorization"].split(" ", 1)[1]
        wanted = sorted((uuid.UUID(line["product_id"]), line["quantity"]) for line in body["lines"])
        ids = [product_id for product_id, _ in wanted]
        now = datetime.now(UTC)
        with engine.connect() as connection:
            user_id = connection.execute(
                WHO, {"hash": hashlib.sha256(secret.encode()).hexdigest()}
            ).scalar_one()
            connection.commit()
            connection.execution_options(writes=True)
            products = {row.id: row for row in connection.execute(LOCK, {"ids": ids})}
            held = dict(connection.execute(HELD, {"ids": ids, "since": now - CART_TTL}).all())
            if any(
                product_id not in products
                or quantity > products[product_id].stock - held.get(product_id, 0)
                for product_id, quantity in wanted
            ):
                connection.rollback()
                return {"error": "stock short"}, 409
            for product_id, quantity in wanted:
                connection.execute(TAKE, {"pid": product_id, "quantity": quantity})
            order_id = uuid.uuid4()
            number = "SF-" + secrets.token_hex(4).upper()
            total = sum(products[pid].price_cents * quantity for pid, quantity in wanted)
            connection.execute(
                insert(ORDERS),
                {
                    "id": order_id,
                    "number": number,
                    "user_id": user_id,
                    "status": "pending_payment",
                    "total_cents": total,
                    "currency": "USD",
                    "card_last4": body["card"]["number"][-4:],
                    "created_at": now,
                },
            )
            connection.execute(
                insert(LINES),
                [
                    {
                        "order_id": order_id,
                        "product_id": pid,
                        "name": products[pid].name,
                        "unit_price_cents": products[pid].price_cents,
                        "quantity": quantity,
                        "line_total_cents": products[pid].price_cents * quantity,
                    }
                    for pid, quantity in wanted
                ],
            )
            attempt_id = connection.execute(
                insert(ATTEMPTS).returning(ATTEMPTS.c.id),
                {
                    "order_id": order_id,
                    "number": 1,
                    "idempotency_key": f"{order_id}-1",
                    "status": "in_flight",
                    "amount_cents": total,
                    "card_last4": body["card"]["number"][-4:],
                    "card_brand": "Visa",
                    "created_at": now,
                    "claimed_at": now,
                },
            ).scalar_one()
            connection.commit()
            payment_id = "pay_" + secrets.token_hex(12)
            connection.execute(
                PAID_ORDER,
                {"oid": order_id, "status": "paid", "payment_id": payment_id, "paid_at": now},
            )
            connection.execute(
                PAID_ATTEMPT, {"aid": attempt_id, "status": "paid", "payment_id": payment_id}
            )
            connection.commit()
        return {"id": str(order_id), "number": number, "status": "paid"}, 201


def _immediate_writes(engine: Engine) -> None:
    """SQLite: writers take the lock when they begin, as the shop's do, and wait their turn."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout = 30000")

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        writes = connection.get_execution_options().get("writes")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

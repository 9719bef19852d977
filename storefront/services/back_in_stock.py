"""Back in stock: "Notify me when available", and one e-mail per waiting customer, once.

A product can become buyable again in many ways: an admin raises its stock or switches
it on, the warehouse feed says more arrived, a cancelled or expired order gives its stock
back, a cart is emptied or deleted, or a cart simply goes ``CART_TTL_MINUTES`` without a
change and stops holding its lines (no transaction marks that moment). So the shop does
not hook each path: ``notify_available()`` is a sweep, run every minute by the worker
(``tasks.PERIODIC``), that finds the products with waiting customers which can be bought
now. In one transaction per batch it deletes those requests and queues one e-mail for each
deleted row (``back-in-stock:<request id>``, unique in the outbox). A request therefore
gets its e-mail exactly once: the e-mail exists if and only if the request was removed,
two sweeps at once cannot both remove a row, and a sweep that fails removes nothing, so
the next one finds the request again.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite

from ..database import write_transaction
from ..extensions import db
from ..models import BackInStockRequest, Product, User
from . import stock
from .errors import Conflict, InvalidInput, NotFound
from .outbox import queue_mail

log = logging.getLogger(__name__)

REQUESTS = BackInStockRequest.__table__
TEMPLATE = "back-in-stock"
BATCH_SIZE = 200  # requests handled per transaction
_INSERTS = {
    "postgresql": postgresql.insert(REQUESTS)
    .on_conflict_do_nothing(index_elements=["product_id", "user_id"])
    .returning(REQUESTS.c.id),
    "sqlite": sqlite.insert(REQUESTS)
    .on_conflict_do_nothing(index_elements=["product_id", "user_id"])
    .returning(REQUESTS.c.id),
}


class AvailableNow(Conflict):
    """The product can be bought right now: there is nothing to wait for."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is available now: add it to your cart.")


def is_waiting(user_id: uuid.UUID, product_id: uuid.UUID) -> bool:
    """Whether the customer asked to be told when the product is available."""
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    BackInStockRequest.user_id == user_id,
                    BackInStockRequest.product_id == product_id,
                )
            )
        )
    )


def ask(user_id: uuid.UUID, product_id: uuid.UUID) -> bool:
    """Put the customer on the product's waiting list; answers whether they were not on it.

    Raises NotFound (no such product), AvailableNow, or InvalidInput (no e-mail address).
    """
    with write_transaction() as session:
        product = stock.lock_product(product_id)
        if product is None:
            raise NotFound("There is no such product.")
        if product.active and stock.available_quantity(product_id) > 0:
            raise AvailableNow(product.name)
        email = session.scalar(select(User.email).where(User.id == user_id))
        if not email:
            raise InvalidInput(
                {"email": "Add your e-mail address on your account page first."},
                "Add your e-mail address on your account page first.",
            )
        added = session.execute(
            _INSERTS[session.connection().dialect.name],
            {"id": uuid.uuid4(), "product_id": product_id, "user_id": user_id},
        ).first()
    log.info(
        "back in stock asked user=%s product=%s new=%s", user_id, product_id, added is not None
    )
    return added is not None


def cancel(user_id: uuid.UUID, product_id: uuid.UUID) -> bool:
    """Take the customer off the product's waiting list; answers whether they were on it."""
    with write_transaction() as session:
        removed = session.execute(
            delete(BackInStockRequest).where(
                BackInStockRequest.user_id == user_id,
                BackInStockRequest.product_id == product_id,
            )
        ).rowcount
    return bool(removed)


def _available_waited_for() -> list[uuid.UUID]:
    waited = list(db.session.scalars(select(REQUESTS.c.product_id).distinct()))
    available = stock.available_by_product(waited)
    return sorted(product_id for product_id, units in available.items() if units > 0)


def notify_available() -> int:
    """Queue one e-mail per customer waiting for a product that can be bought now; how many."""
    queued = 0
    while True:
        with write_transaction() as session:
            products = _available_waited_for()
            if not products:
                break
            ids = list(
                session.scalars(
                    select(REQUESTS.c.id)
                    .where(REQUESTS.c.product_id.in_(products))
                    .order_by(REQUESTS.c.id)
                    .limit(BATCH_SIZE)
                )
            )
            # Only the rows this transaction removes get an e-mail: a second sweep at the
            # same time removes (and mails) none of them.
            removed = session.execute(
                delete(REQUESTS)
                .where(REQUESTS.c.id.in_(ids))
                .returning(REQUESTS.c.id, REQUESTS.c.product_id, REQUESTS.c.user_id)
            ).all()
            queued += _queue_mails(session.connection(), removed)
        if len(ids) < BATCH_SIZE:
            break
    if queued:
        log.info("back in stock e-mails queued count=%s", queued)
    return queued


def _queue_mails(connection: Connection, removed: Sequence[Row[Any]]) -> int:
    if not removed:
        return 0
    users = {
        row.id: row
        for row in db.session.execute(
            select(User.id, User.email, User.name, User.username).where(
                User.id.in_({row.user_id for row in removed})
            )
        )
    }
    products = {
        row.id: row
        for row in db.session.execute(
            select(Product.id, Product.name, Product.slug).where(
                Product.id.in_({row.product_id for row in removed})
            )
        )
    }
    count = 0
    for request in removed:
        user, product = users[request.user_id], products[request.product_id]
        if not user.email:  # the address was removed since: nobody to tell
            continue
        queue_mail(
            connection,
            template=TEMPLATE,
            to=user.email,
            key=f"{TEMPLATE}:{request.id}",
            context={
                "name": user.name or user.username,
                "product_name": product.name,
                "product_path": f"/products/{product.slug}",
            },
        )
        count += 1
    return count

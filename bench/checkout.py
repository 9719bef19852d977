"""Checkout under load: buyers in threads place and pay orders for a few products at once.

Each buyer is a customer of its own and loops for the given time: one order of one unit of
a random product among ``--products``, then payment by the test card through the in-process
payment sandbox. The products start with ``--stock`` units each, so the run also shows what
happens as they sell out: every order is checked afterwards, and the stock taken must equal
the units ordered and never go below zero (the oversell count must be 0).

With ``--api BASE`` the buyers are HTTP clients of a running server: each holds a bearer
token issued beforehand and buys with ``POST /api/v1/orders`` (one order, then payment, per
request, as a script would), or with the path ``--path`` names (the reference's
``/checkout``). Without it they call the shop's buying service in this process
(``buying.buy``), with one database session per thread: handy for profiling.

Prints one JSON object: orders, orders per second, latency percentiles, refusals, oversell.
Run as ``python -m bench.checkout --database URL``.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
import uuid
from datetime import datetime

from sqlalchemy import func, select

from storefront import create_app
from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Brand, Category, Order, OrderLine, Product, Store
from storefront.models.base import utcnow
from storefront.payments import provider_for
from storefront.payments.cards import parse_card
from storefront.payments.sandbox import SUCCESS_CARD
from storefront.services import accounts, buying, checkout, tokens
from storefront.services.buying import Result
from storefront.services.errors import ServiceError
from storefront.services.slugs import slugify

BUYER_PASSWORD = "bench-buyer-password"  # noqa: S105  (a throwaway bench account)
API_OUTCOMES = {201: "paid", 202: "pending", 402: "declined", 409: "sold out"}


def prepare(products: int, stock: int, buyers: int) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """The products to sell (stock reset) and the buyers' ids, made on first use."""
    with write_transaction() as session:
        named = {}
        for model, name in ((Brand, "Bench Brand"), (Category, "Bench"), (Store, "Bench Store")):
            found = session.scalar(select(model).where(model.slug == slugify(name)))
            if found is None:
                found = model(name=name, slug=slugify(name))
                session.add(found)
                session.flush()
            named[model] = found
        ids = []
        for number in range(products):
            slug = f"bench-checkout-{number:02d}"
            product = session.scalar(select(Product).where(Product.slug == slug))
            if product is None:
                product = Product(
                    name=f"Checkout Item {number:02d}",
                    slug=slug,
                    brand_id=named[Brand].id,
                    category_id=named[Category].id,
                    store_id=named[Store].id,
                    price_cents=1000 + number,
                )
                session.add(product)
            product.stock = stock
            product.active = True
            session.flush()
            ids.append(product.id)
    users = []
    for number in range(buyers):
        username = f"bench-buyer-{number:02d}"
        user = accounts.find_by_username(username) or accounts.register(username, BUYER_PASSWORD)
        users.append(user.id)
    return ids, users


def sold(product_ids: list[uuid.UUID], since: datetime) -> dict[uuid.UUID, int]:
    """Units ordered per product in orders placed since ``since``."""
    rows = db.session.execute(
        select(OrderLine.product_id, func.sum(OrderLine.quantity))
        .join(Order, Order.id == OrderLine.order_id)
        .where(OrderLine.product_id.in_(product_ids), Order.created_at >= since)
        .group_by(OrderLine.product_id)
    ).all()
    return {product_id: int(total) for product_id, total in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="the shop's database URL")
    parser.add_argument("--buyers", type=int, default=16)
    parser.add_argument("--products", type=int, default=10)
    parser.add_argument(
        "--stock", type=int, default=150, help="units of each product (sold out mid-run at 200/s)"
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("--instance", required=True, help="instance folder (sandbox storage)")
    parser.add_argument("--api", help="a running shop's base URL: buy through its JSON API")
    parser.add_argument(
        "--path",
        default="/api/v1/orders",
        help="what the buyers POST to under --api (the reference's is /checkout)",
    )
    args = parser.parse_args()

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": args.database,
            "INSTANCE_PATH": args.instance,
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": "bench",
            # One connection per buyer, and a few for the sandbox's bookkeeping.
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": args.buyers + 4, "max_overflow": 4},
        }
    )
    with app.app_context():
        product_ids, buyers = prepare(args.products, args.stock, args.buyers)
        provider_for(app)
        # Each buyer's bearer token, issued here so the shop and the reference get the same.
        secrets_by_buyer = {
            user_id: tokens.issue_token(accounts.get_user(user_id)).secret for user_id in buyers
        }
    card = parse_card("Bench Buyer", SUCCESS_CARD, "1299", "123")

    started = utcnow()
    deadline = time.monotonic() + args.duration
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    last_paid = [0.0]  # when the last order was paid, from the start
    lock = threading.Lock()

    def buyer(user_id: uuid.UUID, seed: int) -> None:
        rng = random.Random(seed)
        mine: list[float] = []
        counts: dict[str, int] = {}
        with app.app_context():
            while time.monotonic() < deadline:
                began = time.perf_counter()
                try:
                    purchase = buying.buy(user_id, card, lines=[(rng.choice(product_ids), 1)])
                    kind = purchase.result.value
                    if purchase.result is Result.PAID:
                        with lock:
                            last_paid[0] = max(last_paid[0], time.perf_counter() - began_all)
                except checkout.StockShort:
                    kind = "sold out"
                except ServiceError as error:
                    kind = type(error).__name__
                finally:
                    db.session.remove()
                mine.append(time.perf_counter() - began)
                counts[kind] = counts.get(kind, 0) + 1
        with lock:
            latencies.extend(mine)
            for kind, count in counts.items():
                outcomes[kind] = outcomes.get(kind, 0) + count

    def api_buyer(user_id: uuid.UUID, seed: int) -> None:
        import requests

        rng = random.Random(seed)
        mine: list[float] = []
        counts: dict[str, int] = {}
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {secrets_by_buyer[user_id]}"
            body_card = {
                "name": "Bench Buyer",
                "number": SUCCESS_CARD,
                "expiry": "1299",
                "cvv": "123",
            }
            while time.monotonic() < deadline:
                began = time.perf_counter()
                answer = http.post(
                    f"{args.api}{args.path}",
                    json={
                        "lines": [{"product_id": str(rng.choice(product_ids)), "quantity": 1}],
                        "card": body_card,
                    },
                    timeout=30,
                )
                kind = API_OUTCOMES.get(answer.status_code, f"http {answer.status_code}")
                if kind == "paid":
                    with lock:
                        last_paid[0] = max(last_paid[0], time.perf_counter() - began_all)
                mine.append(time.perf_counter() - began)
                counts[kind] = counts.get(kind, 0) + 1
        with lock:
            latencies.extend(mine)
            for kind, count in counts.items():
                outcomes[kind] = outcomes.get(kind, 0) + count

    threads = [
        threading.Thread(target=api_buyer if args.api else buyer, args=(user_id, number))
        for number, user_id in enumerate(buyers)
    ]
    began_all = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began_all

    with app.app_context():
        ordered = sold(product_ids, started)
        stock_left = dict(
            db.session.execute(
                select(Product.id, Product.stock).where(Product.id.in_(product_ids))
            ).all()
        )
    oversold = sum(
        max(0, ordered.get(product_id, 0) - args.stock) for product_id in product_ids
    ) + sum(1 for left in stock_left.values() if left < 0)
    mismatched = sum(
        1
        for product_id in product_ids
        if args.stock - stock_left[product_id] != ordered.get(product_id, 0)
    )
    latencies.sort()
    paid = outcomes.get("paid", 0)
    print(
        json.dumps(
            {
                "orders": sum(ordered.values()),
                "paid": paid,
                # Over the time it took to sell what was sold: the stock may run out mid-run.
                "orders_per_second": paid / last_paid[0] if last_paid[0] else 0.0,
                "p50_ms": _percentile(latencies, 0.50) * 1000,
                "p99_ms": _percentile(latencies, 0.99) * 1000,
                "outcomes": outcomes,
                "oversold": oversold,
                "stock_mismatches": mismatched,
                "seconds": elapsed,
            }
        )
    )


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(fraction * len(values)))]


if __name__ == "__main__":
    main()

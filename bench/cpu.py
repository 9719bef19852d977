"""CPU per request, the shop's pages against the bench's references, in one process.

The load bench (``bench.run``) reads throughput under wrk, which moves with whatever else the
machine's cores are doing. This measures what a page costs the process itself: each request is
one WSGI call, timed with ``time.process_time()`` (CPU of this process only: waiting for the
disk or for another process's turn on a core is not counted), the shop and its reference taking
turns in small blocks so that both see the same machine. It prints, per page, the median CPU
milliseconds of each and the reference's share of the shop's cost: the throughput the shop
would reach beside its reference if CPU were all a request cost (the load bench adds the HTTP
server's own work, the same for both, which pulls its shares a little nearer 1).

    python -m bench.cpu                       # 10,000 products on SQLite, 300 requests a page
    python -m bench.cpu --requests 1000 --pages catalogue,add

It works on a copy of a seeded SQLite database of its own (``bench/.data/cpu-<size>.db``,
seeded first if missing, never written), so every run starts from the same catalogue with no
carts in it.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine, create_engine, event, select
from werkzeug.test import EnvironBuilder

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SEARCH = "/search?q=les+paul"
GUESTS = 32  # the add-to-cart requests take turns among these guests' carts
BLOCK = 1  # requests per turn: the two apps take turns, so both see the same machine


@dataclass
class Page:
    """One page measured: the shop's request, its reference's, and what a good answer is."""

    key: str
    label: str
    shop: Callable[[int], dict[str, Any]]  # request number -> WSGI environ
    reference: Callable[[int], dict[str, Any]]
    status: int = 200


@dataclass
class Measured:
    label: str
    shop_ms: float
    reference_ms: float
    shop_mean_ms: float
    statements: float
    writes: float

    @property
    def share(self) -> float:
        return self.reference_ms / self.shop_ms if self.shop_ms else 0.0


def _environ(path: str, cookie: str = "", form: dict[str, str] | None = None) -> dict[str, Any]:
    headers = {"Cookie": cookie} if cookie else {}
    if form is None:
        return EnvironBuilder(path=path, headers=headers).get_environ()
    return EnvironBuilder(
        path=path,
        method="POST",
        headers=headers,
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
    ).get_environ()


def _call(app: Any, environ: dict[str, Any]) -> tuple[float, int]:
    """CPU seconds for one WSGI call (answer read to the end), and its status."""
    status: list[str] = []

    def start_response(line: str, _headers: Any, _exc: Any = None) -> Callable[[bytes], None]:
        status.append(line)
        return lambda _data: None

    started = time.process_time()
    body = app(environ, start_response)
    try:
        for _chunk in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return time.process_time() - started, int(status[0].split()[0])


class Counter:
    """Statements, and transactions that changed something, sent through an engine."""

    def __init__(self, engine: Engine) -> None:
        self.statements = 0
        self.writes = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        words = statement.lstrip()[:7].upper()
        if words.startswith(("BEGIN", "COMMIT", "ROLLBAC", "SAVEPOI", "RELEASE", "PRAGMA")):
            return
        self.statements += 1
        if words.startswith(("INSERT", "UPDATE", "DELETE")):
            conn.info["wrote"] = True

    def _commit(self, conn: Any) -> None:
        if conn.info.pop("wrote", False):
            self.writes += 1


def _apps(url: str, instance: Path) -> tuple[Any, Any, Engine]:
    os.environ.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-secret",
            "STOREFRONT_LOG_LEVEL": "INFO",  # as the load bench serves it: a line per request
            "STOREFRONT_PAYMENT_SANDBOX_PATH": str(instance / "payment-sandbox.db"),
            "STOREFRONT_TASK_QUEUE": '"off"',
        }
    )
    from bench.reference import create_app as reference_app
    from storefront import create_app
    from storefront.extensions import db

    shop = create_app({"INSTANCE_PATH": instance})
    quiet = open(os.devnull, "w")  # noqa: SIM115 (open for the whole run)
    for handler in logging.getLogger("storefront").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(quiet)  # formatted and written, as served, but not shown
    with shop.app_context():
        engine = db.engine
    return shop, reference_app(), engine


def _visitor(shop: Any, product_id: Any) -> tuple[str, str]:
    """A guest with one line in a cart: its cookie header and CSRF token."""
    from storefront.csrf_cookie import COOKIE_NAME

    client = shop.test_client()
    page = client.get("/products").get_data(as_text=True)
    found = CSRF.search(page)
    assert found, "no CSRF token on the catalogue"
    token = found.group(1)
    form = {"csrf_token": token, "product_id": str(product_id), "quantity": "1"}
    added = client.post("/cart/add", data=form)
    assert added.status_code == 302, added.status_code
    cookies = []
    for name in (shop.config["SESSION_COOKIE_NAME"], COOKIE_NAME):
        cookie = client.get_cookie(name)
        if cookie is not None:
            cookies.append(f"{name}={cookie.value}")
    client.get("/cart")  # the flashed message shown: the session holds just the cart
    return "; ".join(cookies), token


def _pages(shop: Any, url: str) -> list[Page]:
    from storefront.models import Product, Store

    engine = create_engine(url)
    with engine.connect() as connection:
        listable = (Product.active.is_(True), Product.stock >= 20)
        plentiful = list(
            connection.execute(
                select(Product.id).where(*listable).order_by(Product.id).limit(2000)
            ).scalars()
        )
        slug = connection.execute(
            select(Product.slug)
            .where(*listable)
            .order_by(Product.brand_name, Product.name, Product.id)
            .limit(1)
        ).scalar_one()
        store = connection.execute(select(Store.slug).order_by(Store.name).limit(1)).scalar_one()
    engine.dispose()
    cookie, _token = _visitor(shop, plentiful[-1])
    guests = [_visitor(shop, product_id) for product_id in plentiful[:GUESTS]]
    for_adding = plentiful[GUESTS:-1]

    def add(number: int) -> dict[str, Any]:
        guest_cookie, token = guests[number % GUESTS]
        product_id = for_adding[number % len(for_adding)]
        form = {"csrf_token": token, "product_id": str(product_id), "quantity": "1"}
        form["next"] = "/products"
        return _environ("/cart/add", guest_cookie, form)

    listing = "/listing"
    pages = []
    for key, label, path, reference in (
        ("catalogue", "catalogue by brand, first page", "/products?sort=brand", listing),
        ("product", "product page", f"/products/{slug}", f"/product/{slug}"),
        ("search", "search: les paul", SEARCH, listing),
        ("store", "store page", f"/stores/{store}", listing),
    ):
        for visit, sent in ((", first visit", ""), (", returning", cookie)):
            pages.append(
                Page(
                    key,
                    label + visit,
                    lambda _n, p=path, c=sent: _environ(p, c),
                    lambda _n, r=reference: _environ(r),
                )
            )
    pages.append(
        Page("add", "add to cart (POST, CSRF)", add, lambda _n: _environ(listing), status=302)
    )
    return pages


def _measure(page: Page, shop: Any, reference: Any, counter: Counter, n: int) -> Measured:
    for number in range(BLOCK):  # warm both: caches, statements built once
        _call(shop, page.shop(number))
        _call(reference, page.reference(number))
    shop_times: list[float] = []
    reference_times: list[float] = []
    statements = writes = 0
    number = BLOCK
    while len(shop_times) < n:
        for _ in range(min(BLOCK, n - len(shop_times))):
            environ = page.shop(number)
            counter.statements = counter.writes = 0
            seconds, status = _call(shop, environ)
            statements += counter.statements
            writes += counter.writes
            assert status == page.status, f"{page.label}: {status}"
            shop_times.append(seconds)
            number += 1
        for _ in range(BLOCK):
            seconds, status = _call(reference, page.reference(number))
            assert status == 200, f"reference for {page.label}: {status}"
            reference_times.append(seconds)
    return Measured(
        page.label,
        statistics.median(shop_times) * 1000,
        statistics.median(reference_times) * 1000,
        statistics.fmean(shop_times) * 1000,
        statements / n,
        writes / n,
    )


@contextmanager
def _copy_of(size: int) -> Iterator[tuple[str, Path]]:
    """A copy of the bench's seeded database (seeded first if need be), removed afterwards."""
    from bench import prepare

    # Its own seeded file, only ever copied: the load bench's database gathers carts (and
    # with them reservations every listing checks) run after run.
    seeded = DATA / f"cpu-{size}.db"
    instance = DATA / f"instance-sqlite-{size}"
    instance.mkdir(parents=True, exist_ok=True)
    prepare.database(f"sqlite:///{seeded}", size, instance, fresh=False)
    with tempfile.TemporaryDirectory(prefix="cpu-", dir=DATA) as scratch:
        copy = Path(scratch) / "shop.db"
        source = create_engine(f"sqlite:///{seeded}")
        with source.connect() as connection:  # the WAL folded in, so one file is the whole
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        source.dispose()
        shutil.copyfile(seeded, copy)
        (Path(scratch) / "instance").mkdir()
        yield f"sqlite:///{copy}", Path(scratch) / "instance"


def main() -> None:
    parser = argparse.ArgumentParser(description="CPU per request: the shop against references.")
    parser.add_argument("--products", type=int, default=10_000, help="catalogue size")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page")
    parser.add_argument(
        "--pages", default="catalogue,product,search,store,add", help="comma-separated"
    )
    args = parser.parse_args()
    wanted = set(args.pages.split(","))
    with _copy_of(args.products) as (url, instance):
        shop, reference, engine = _apps(url, instance)
        counter = Counter(engine)
        hello = [_call(reference, _environ("/hello"))[0] for _ in range(args.requests)]
        print(f"{args.products:,} products, SQLite, {args.requests} requests a page; CPU ms")
        print(f"reference hello: {statistics.median(hello) * 1000:.2f} ms\n")
        print("| page | shop ms | reference ms | share | statements | writes |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for page in _pages(shop, url):
            if page.key not in wanted:
                continue
            found = _measure(page, shop, reference, counter, args.requests)
            print(
                f"| {found.label} | {found.shop_ms:.2f} | {found.reference_ms:.2f} | "
                f"{found.share:.2f} | {found.statements:.1f} | {found.writes:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())

"""Getting ready to measure: a seeded database, shoppers with sessions, the checkout driver."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url

from storefront.config import normalise_database_url
from storefront.models import Product
from storefront.services.catalogue import encode_cursor

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
COOKIE = "storefront_session"
PER_PAGE = 24
GUESTS = 32  # sessions the add-to-cart load takes turns with
ADD_PRODUCTS = 2000  # products it spreads its adds over
# One key for every process of a run (with a database server the app refuses a short one).
SECRET_KEY = secrets.token_hex(32)


def _engine(url: str) -> Engine:
    return create_engine(normalise_database_url(url))


def _flask(url: str, *args: str) -> None:
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "STOREFRONT_LOG_LEVEL": "WARNING",
        "PATH": "/usr/bin:/bin",
    }
    flask = Path(sys.executable).parent / "flask"
    subprocess.run([str(flask), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True)


def database(url: str, size: int, instance: Path, *, fresh: bool) -> None:
    """Migrate the database and seed it up to ``size`` products (kept between runs)."""
    parsed = make_url(normalise_database_url(url))
    if parsed.get_backend_name() == "postgresql":
        admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            if fresh:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            ).scalar()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
        admin.dispose()
    elif fresh and parsed.database:
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.database + suffix).unlink(missing_ok=True)
    _flask(url, "db", "upgrade")
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            have = connection.execute(
                select(func.count()).where(Product.slug.not_like("bench-checkout-%"))
            ).scalar()
        if (have or 0) < size:
            _flask(url, "seed-demo", "--products", str(size))
    finally:
        engine.dispose()
    analyze(url)


def analyze(url: str) -> None:
    """Bring the planner's statistics up to date, as autovacuum keeps a running shop's.

    Carts made a minute ago (this run's shoppers, and earlier runs' carts in a kept
    database) are not in them yet: on PostgreSQL, a plan made for "no open carts" walks
    every open cart for every product listed, a listing three times slower.
    """
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    finally:
        engine.dispose()


def _listable() -> list:
    return [Product.active.is_(True), Product.stock > 0]


def some_product(url: str) -> str:
    """The slug of a product on the first page sorted by brand."""
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                select(Product.slug)
                .where(*_listable())
                .order_by(Product.brand_name, Product.name, Product.id)
                .limit(1)
            ).scalar_one()
    finally:
        engine.dispose()


@dataclass
class Fixtures:
    """What the loads need: cookies, addresses, and files for wrk's scripts."""

    browsing_cookie: str
    cart_cookie: str
    product_slug: str
    deep_page: int
    deep_path: str
    add_script: tuple[Path, Path]
    catalogue_paths: Path


def _guest(base: str) -> tuple[requests.Session, str]:
    """A new visitor: its HTTP session and CSRF token (a first visit stores no session)."""
    client = requests.Session()
    page = client.get(base + "/products", timeout=30)
    page.raise_for_status()
    token = CSRF.search(page.text)
    assert token, "no CSRF token on the catalogue"
    return client, token.group(1)


def _add(base: str, client: requests.Session, token: str, product_id: object) -> None:
    added = client.post(
        base + "/cart/add",
        data={"csrf_token": token, "product_id": str(product_id), "quantity": "1"},
        allow_redirects=False,
        timeout=30,
    )
    assert added.status_code == 302, added.status_code
    assert COOKIE in client.cookies, "adding to the cart keeps a session"


def _cookie_header(client: requests.Session) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in client.cookies)


def shoppers(base: str, url: str, instance: Path) -> Fixtures:
    """Visitors with sessions (one with 5 lines in its cart), and the pages to load."""
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            plentiful = list(
                connection.execute(
                    select(Product.id)
                    .where(*_listable(), Product.stock >= 20)
                    .order_by(Product.id)
                    .limit(ADD_PRODUCTS)
                ).scalars()
            )
            listable = connection.execute(
                select(func.count()).select_from(Product).where(*_listable())
            ).scalar_one()
            position = max(0, int(listable * 0.9) - 1)
            edge = connection.execute(
                select(Product.brand_name, Product.name, Product.id, Product.slug)
                .where(*_listable())
                .order_by(Product.brand_name, Product.name, Product.id)
                .offset(position)
                .limit(1)
            ).one()
    finally:
        engine.dispose()

    # A returning visitor has a session in the store: here, a cart with one line.
    browser, token = _guest(base)
    _add(base, browser, token, plentiful[-6])
    browsing_cookie = _cookie_header(browser)
    client, token = _guest(base)
    for product_id in plentiful[-5:]:
        _add(base, client, token, product_id)
    cart_cookie = _cookie_header(client)
    lines = client.get(base + "/cart", timeout=30).text.count('class="line-quantity"')
    assert lines == 5, f"the prepared cart has {lines} lines"

    data = HERE / ".data" / "add_to_cart.tsv"
    rows = []
    for number in range(GUESTS):  # each guest has a cart already: an add is one write
        guest, guest_token = _guest(base)
        _add(base, guest, guest_token, plentiful[number])
        rows.append(f"guest\t{_cookie_header(guest)}\t{guest_token}")
    rows += [f"product\t{product_id}" for product_id in plentiful[GUESTS:-6]]
    data.write_text("\n".join(rows) + "\n")
    analyze(url)

    deep_page = position // PER_PAGE + 2
    cursor = encode_cursor(deep_page, (edge.brand_name, edge.name, edge.id))
    deep_path = f"/products?sort=brand&after={cursor}"
    paths = HERE / ".data" / "catalogue_paths.txt"
    sorts = ("name", "brand", "price", "-price", "newest")
    listed = [f"/products?sort={sort}" for sort in sorts]
    listed += ["/products?brand=fender", "/products?category=fiction&sort=price"]
    listed += ["/products?store=books&sort=newest", deep_path, "/products?sort=brand&page=3"]
    paths.write_text("\n".join(listed) + "\n")
    return Fixtures(
        browsing_cookie=browsing_cookie,
        cart_cookie=cart_cookie,
        product_slug=edge.slug,
        deep_page=deep_page,
        deep_path=deep_path,
        add_script=(HERE / "add_to_cart.lua", data),
        catalogue_paths=paths,
    )


def checkout(
    url: str,
    instance: Path,
    buyers: int,
    seconds: int,
    api: str | None = None,
    path: str = "/api/v1/orders",
) -> dict:
    """Run the checkout driver in its own process (buying at ``api`` + ``path``); its figures."""
    found = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.checkout",
            "--database",
            normalise_database_url(url),
            "--buyers",
            str(buyers),
            "--duration",
            str(seconds),
            "--instance",
            str(instance),
            *(["--api", api, "--path", path] if api else []),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(found.stdout.strip().splitlines()[-1])

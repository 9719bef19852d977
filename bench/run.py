"""The benchmark: the shop's busy pages under load, beside references measured in the same run.

For each catalogue size it seeds (or reuses) a database, serves the references and then the
shop with gunicorn, loads each page with wrk, drives checkout with threads, reads a worker's
memory after 10,000 catalogue requests, prints one table and appends it, with the machine
and versions, to ``bench/results/<date>.md``. Every server it starts is stopped at the end.

    python -m bench.run --products 10000 --database sqlite
    python -m bench.run --products 1000,1000000 --database postgresql --duration 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import buying, prepare, servers, wrk
from bench.figures import FIRST_VISIT, SEARCH_PAGES, Row, Run
from bench.report import render

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
RESULTS = ROOT / "bench" / "results"
PG_BASE = "postgresql://postgres@127.0.0.1:5432/"


def main() -> None:
    args = _arguments()
    wrk.ensure_installed()
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = []
    with servers.Servers() as running:
        for size in args.products:
            runs.append(_measure(size, args, running))
    table = render(runs, args)
    print(table)
    path = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}.md"
    _append(path, table, args)
    print(f"\nWritten to {path.relative_to(ROOT)}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the shop against its references.")
    parser.add_argument(
        "--products",
        default="10000",
        type=lambda text: [int(part) for part in text.split(",")],
        help="catalogue sizes, comma-separated (1000, 10000, 100000, 1000000)",
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=4, help="threads for the threaded run")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--buyers", type=int, default=16, help="checkout's concurrent buyers")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--fresh", action="store_true", help="seed again even if seeded")
    parser.add_argument(
        "--skip", default="", help="comma-separated: pages,threaded,checkout,stall,memory"
    )
    args = parser.parse_args()
    args.skip = set(filter(None, args.skip.split(",")))
    return args


def _database_url(size: int, kind: str) -> str:
    if kind == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA / f'shop-{size}.db'}"
    return f"{PG_BASE}bench_{size}"


def _measure(size: int, args: argparse.Namespace, running: servers.Servers) -> Run:
    url = _database_url(size, args.database)
    instance = DATA / f"instance-{args.database}-{size}"
    instance.mkdir(parents=True, exist_ok=True)
    _say(f"{size:,} products on {args.database}: preparing the database")
    prepare.database(url, size, instance, fresh=args.fresh)
    run = Run(size)
    env = {"DATABASE_URL": url, "SECRET_KEY": prepare.SECRET_KEY}
    if args.database == "postgresql":  # as production runs: sessions and limits in Redis
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    seconds = args.duration

    if "pages" not in args.skip:
        _pages(run, url, instance, env, args, running)
    if "threaded" not in args.skip and args.threads > 1:
        _say(f"the shop, {args.workers} workers x {args.threads} threads")
        label = f" ({args.workers}x{args.threads} threads)"
        with running.start(
            "wsgi:app", env, args.workers, threads=args.threads, instance=instance
        ) as base:
            fixtures = prepare.shoppers(base, url, instance)
            for page, path, ceiling, extra in _shop_pages(fixtures):
                if FIRST_VISIT in page:
                    continue
                if page.startswith(("catalogue by brand, first", "product", "add to cart")):
                    connections = max(args.connections, args.workers * args.threads)
                    run.rows.append(
                        _load(
                            page + label,
                            size,
                            base + path,
                            seconds,
                            args,
                            ceiling,
                            connections=connections,
                            **extra,
                        )
                    )

    if "checkout" not in args.skip:
        _say(f"checkout, {args.buyers} buyers on 10 products: the reference, then the JSON API")
        run.checkout_reference, run.checkout = buying.checkout(running, env, url, instance, args)
    if "stall" not in args.skip:
        _say(f"the catalogue, then the catalogue while {buying.STALLED} payments stall")
        quiet, stalled = buying.catalogue_while_stalled(running, env, instance, seconds)
        for page, result in (("quiet", quiet), (f"{buying.STALLED} payments stalled", stalled)):
            run.rows.append(
                Row(
                    f"catalogue by brand, as shipped, {page}",
                    size,
                    result.rps,
                    result.p50_ms,
                    result.p99_ms,
                    "listing",
                    "",
                    result.errors,
                )
            )
    return run


def _pages(
    run: Run,
    url: str,
    instance: Path,
    env: dict[str, str],
    args: argparse.Namespace,
    running: servers.Servers,
) -> None:
    """The references, then the shop's busy pages on sync workers (and the memory)."""
    size, seconds = run.products, args.duration
    _say("references")
    with running.start("bench.reference:app", env, args.workers) as base:
        for page, path, ceiling in (
            ("reference: hello", "/hello", None),
            ("reference: listing, 24 by brand", "/listing", None),
            ("reference: product", f"/product/{prepare.some_product(url)}", None),
        ):
            run.rows.append(_load(page, size, base + path, seconds, args, ceiling))

    _say("the shop")
    with running.start("wsgi:app", env, args.workers, instance=instance) as base:
        fixtures = prepare.shoppers(base, url, instance)
        pages = _shop_pages(fixtures)
        for page, path, ceiling, extra in pages:
            run.rows.append(_load(page, size, base + path, seconds, args, ceiling, **extra))
        run.catalogue_requests = sum(
            row.rps * seconds for row in run.rows if row.page.startswith("catalogue")
        )
        # The memory target is about the largest catalogue; smaller runs report what they saw.
        if "memory" not in args.skip and size >= 1_000_000:
            _say("memory after catalogue requests")
            run.catalogue_requests += wrk.top_up(
                base,
                fixtures.catalogue_paths,
                args.memory_requests - run.catalogue_requests,
                fixtures.browsing_cookie,
            )
        run.worker_rss_mb = running.worker_rss_mb()


def _shop_pages(fixtures: prepare.Fixtures) -> list[tuple[str, str, str | None, dict]]:
    cookie = {"cookie": fixtures.browsing_cookie}
    product = f"/products/{fixtures.product_slug}"
    search = next(iter(SEARCH_PAGES.items()))
    return [
        # A first visit (no cookie at all: a search engine, a shared link) beside a returning
        # visitor's, for the pages a first visit lands on.
        (f"catalogue by brand, first page{FIRST_VISIT}", "/products?sort=brand", "listing", {}),
        (f"product page{FIRST_VISIT}", product, "product", {}),
        (f"{search[0]}{FIRST_VISIT}", search[1], "listing", {}),
        ("catalogue by brand, first page", "/products?sort=brand", "listing", cookie),
        *((page, path, "listing", cookie) for page, path in SEARCH_PAGES.items()),
        (
            f"catalogue by brand, page {fixtures.deep_page:,} (cursor)",
            fixtures.deep_path,
            "listing",
            cookie,
        ),
        ("catalogue filtered by brand", "/products?brand=fender", "listing", cookie),
        ("product page", product, "product", cookie),
        ("cart page, 5 lines", "/cart", "listing", {"cookie": fixtures.cart_cookie}),
        ("add to cart (POST, CSRF)", "/cart/add", "listing", {"script": fixtures.add_script}),
    ]


def _load(
    page: str,
    size: int,
    url: str,
    seconds: int,
    args: argparse.Namespace,
    ceiling: str | None,
    *,
    cookie: str | None = None,
    script: tuple[Path, Path] | None = None,
    connections: int | None = None,
) -> Row:
    result = wrk.run(url, seconds, connections or args.connections, cookie=cookie, script=script)
    _say(f"  {page}: {result.rps:,.0f} req/s, p50 {result.p50_ms:.1f} ms")
    return Row(page, size, result.rps, result.p50_ms, result.p99_ms, ceiling, "", result.errors)


def _append(path: Path, table: str, args: argparse.Namespace) -> None:
    command = "python -m bench.run " + " ".join(sys.argv[1:])
    started = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    heading = "" if path.exists() else f"# Benchmark results, {path.stem}\n\n"
    with path.open("a") as handle:
        handle.write(f"{heading}## {started}: `{command.strip()}`\n\n{table}\n\n")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    if shutil.which("gunicorn") is None and not (Path(sys.executable).parent / "gunicorn").exists():
        sys.exit("gunicorn is not installed: run `make install` first")
    os.chdir(ROOT)
    main()

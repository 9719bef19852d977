"""The bench's table and its targets, as printed and appended to ``bench/results/``."""

from __future__ import annotations

import argparse

from bench import machine
from bench.figures import FIRST_VISIT, SEARCH_P50_LIMIT, SEARCH_PAGES, Row, Run

CHECKOUT_SHARE = 0.45  # of the checkout reference's orders per second
CHECKOUT_RATE = 200  # orders per second on PostgreSQL
# A page's share of its reference's requests per second, for a first visit and a returning one;
# on PostgreSQL sessions live in Redis, as production runs.
PAGE_SHARES = {
    "sqlite": {"catalogue page": 0.6, "product page": 0.6, "search page": 0.4},
    "postgresql": {"catalogue page": 0.5, "product page": 0.5},
}


def render(runs: list[Run], args: argparse.Namespace) -> str:
    """The table, then the memory and checkout lines, then the targets."""
    lines = [
        machine.describe(args.database),
        "",
        f"gunicorn: {args.workers} sync workers (threaded rows: {args.threads} threads each; "
        "checkout and 'as shipped' rows: gunicorn.conf.py); "
        f"wrk: 1 thread, {args.connections} connections, {args.duration} s per page",
        "",
        "| products | page | req/s | p50 ms | p99 ms | / hello | / listing | / product |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        hello = run.get("reference: hello")
        listing = run.get("reference: listing, 24 by brand")
        product = run.get("reference: product")
        for row in run.rows:
            ratios = [_ratio(row, ref) for ref in (hello, listing, product)]
            errors = f" ({row.errors} errors)" if row.errors else ""
            lines.append(
                f"| {run.products:,} | {row.page}{errors} | {row.rps:,.0f} | "
                f"{row.p50_ms:.1f} | {row.p99_ms:.1f} | " + " | ".join(ratios) + " |"
            )
        reference = run.checkout_reference
        for name, c in (("checkout reference", reference), ("checkout", run.checkout)):
            if not c:
                continue
            share = _share(run)
            shown = f"{share:.0%} of the reference" if share and c is run.checkout else ""
            lines.append(
                f"| {run.products:,} | {name}, {args.buyers} buyers, 10 products "
                f"(oversold {c['oversold']}) | "
                f"{c['orders_per_second']:,.0f} orders/s | {c['p50_ms']:.1f} | "
                f"{c['p99_ms']:.1f} | {shown} | | |"
            )
    lines.append("")
    for run in runs:
        if run.worker_rss_mb is not None:
            lines.append(
                f"Worker memory at {run.products:,} products after "
                f"{run.catalogue_requests:,.0f} catalogue requests: "
                f"{run.worker_rss_mb:.0f} MB resident (largest worker)"
            )
        if run.checkout:
            lines.append(
                f"Checkout at {run.products:,} products: {run.checkout['paid']} orders paid, "
                f"outcomes {run.checkout['outcomes']}, oversold {run.checkout['oversold']}, "
                f"stock mismatches {run.checkout['stock_mismatches']}"
            )
    lines += ["", "Targets:", *targets(runs, args)]
    return "\n".join(lines)


def _share(run: Run) -> float | None:
    """The shop's checkout rate as a share of the reference's, from the same run."""
    if not run.checkout or not run.checkout_reference:
        return None
    ceiling = run.checkout_reference["orders_per_second"]
    return run.checkout["orders_per_second"] / ceiling if ceiling else None


def _ratio(row: Row, reference: Row | None) -> str:
    if reference is None or not reference.rps or row.page.startswith("reference"):
        return ""
    return f"{row.rps / reference.rps:.0%}"


def targets(runs: list[Run], args: argparse.Namespace) -> list[str]:
    """Each target this run can judge, with its figure and whether it holds."""
    found = []

    def judge(name: str, value: float, limit: float, at_least: bool, shown: str) -> None:
        holds = value >= limit if at_least else value <= limit
        found.append(f"- {name}: {shown} -> {'holds' if holds else 'MISSED'}")

    for run in runs:
        listing = run.get("reference: listing, 24 by brand")
        product_ref = run.get("reference: product")
        where = f"{run.products:,} products, {args.database}"
        search = next(iter(SEARCH_PAGES))
        pages = (
            ("catalogue page", "catalogue by brand, first page", listing, "minimal listing"),
            ("product page", "product page", product_ref, "minimal product page"),
            ("search page", search, listing, "minimal listing"),
        )
        pairs = [
            (
                f"{name}{visit or ', returning visitor'} >= {limit:.0%} of the {what}",
                page + visit,
                reference,
                limit,
            )
            for name, page, reference, what in pages
            for visit in (FIRST_VISIT, "")
            if (limit := PAGE_SHARES[args.database].get(name))
        ]
        if args.database == "sqlite":
            pairs.append(
                (
                    "add to cart >= 50% of the minimal listing",
                    "add to cart (POST, CSRF)",
                    listing,
                    0.5,
                )
            )
        for name, page, reference, limit in pairs:
            row = run.get(page)
            if row and reference and reference.rps:
                share = row.rps / reference.rps
                judge(f"{name} ({where})", share, limit, True, f"{share:.0%}")
        catalogue = run.get("catalogue by brand, first page")
        for page in SEARCH_PAGES:
            row = run.get(page)
            if row and catalogue and catalogue.p50_ms:
                judge(
                    f"{page}: p50 <= {SEARCH_P50_LIMIT:g}x the catalogue's ({where})",
                    row.p50_ms / catalogue.p50_ms,
                    SEARCH_P50_LIMIT,
                    False,
                    f"{row.p50_ms:.1f} ms vs {catalogue.p50_ms:.1f} ms",
                )
        if run.worker_rss_mb is not None and run.products >= 1_000_000:
            judge(
                f"worker memory <= 120 MB after 10,000 catalogue requests ({where})",
                run.worker_rss_mb,
                120,
                False,
                f"{run.worker_rss_mb:.0f} MB",
            )
        if run.checkout and args.database == "postgresql":
            c = run.checkout
            judge(
                f"checkout >= {CHECKOUT_RATE} orders/s, 16 buyers ({where})",
                c["orders_per_second"],
                CHECKOUT_RATE,
                True,
                f"{c['orders_per_second']:.0f} orders/s",
            )
        share = _share(run)
        if share is not None:
            judge(
                f"checkout >= {CHECKOUT_SHARE:.0%} of its reference ({where})",
                share,
                CHECKOUT_SHARE,
                True,
                f"{share:.0%}",
            )
            judge(
                f"checkout oversells nothing ({where})",
                c["oversold"] + c["stock_mismatches"],
                0,
                False,
                f"{c['oversold']} oversold",
            )
    small = next((run for run in runs if run.products <= 1_000), None)
    large = next((run for run in runs if run.products >= 1_000_000), None)
    if small and large:
        page = "catalogue by brand, first page"
        a, b = small.get(page), large.get(page)
        if a and b and a.p50_ms:
            judge(
                f"catalogue p50 at 1,000,000 <= 1.5x at 1,000 ({args.database})",
                b.p50_ms / a.p50_ms,
                1.5,
                False,
                f"{b.p50_ms:.1f} ms vs {a.p50_ms:.1f} ms = {b.p50_ms / a.p50_ms:.2f}x",
            )
    return found or ["- (none judged by this run)"]

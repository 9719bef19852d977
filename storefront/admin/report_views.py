"""Admin: the removed-from-cart report, as a page with a chart, and as CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Response, flash, render_template, request

from ..services import removed_by_customer as by_customer
from ..services import reports
from ..services.errors import InvalidInput
from . import bp
from .access import admin_required
from .charts import bar_chart


def _range() -> tuple[datetime, datetime, list[str]]:
    """The report's [since, until) from ``since`` and ``until`` dates (until inclusive)."""
    default_since, default_until = reports.default_range()
    problems = []
    since, until = default_since, default_until
    for name in ("since", "until"):
        text = request.args.get(name, "").strip()
        if not text:
            continue
        try:
            day = date.fromisoformat(text)
        except ValueError:
            problems.append(f"'{text}' is not a date like 2026-11-01; the default is used.")
            continue
        if name == "since":
            since = reports.day_start(day)
        else:
            until = reports.day_end(day)
    if since >= until:
        problems.append("The start is after the end; the last 30 days are shown.")
        since, until = default_since, default_until
    return since, until, problems


@bp.get("/reports/removed-items")
@admin_required
def removed_items() -> str | Response:
    since, until, problems = _range()
    if request.args.get("by") == "customer":
        return _by_customer(since, until, problems)
    sort = request.args.get("sort", "times")
    if sort not in reports.REPORT_SORTS:
        sort = "times"
    rows = reports.removed_items(since, until, sort)
    if request.args.get("format") == "csv":
        filename = f"removed-items-{since:%Y%m%d}-{until:%Y%m%d}.csv"
        return Response(
            reports.removed_items_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    for problem in problems:
        flash(problem, "warning")
    most_removed = sorted(rows, key=lambda row: (-row.times_removed, row.product))
    chart = bar_chart(
        "Ten most-removed products (times removed)",
        [(row.product, row.times_removed) for row in most_removed],
    )
    return render_template(
        "admin/removed_items.html",
        rows=rows,
        chart=chart,
        since=since.date(),
        until=(until - timedelta(microseconds=1)).date(),
        sort=sort,
        sorts=reports.REPORT_SORTS,
    )


def _by_customer(since: datetime, until: datetime, problems: list[str]) -> str | Response:
    """Who took what out, when, and whether they bought it since; filters and CSV."""
    chosen = {name: request.args.get(name, "").strip() for name in ("product", "brand", "category")}
    try:
        narrow = by_customer.customer_filter(
            [chosen["product"]] if chosen["product"] else [], chosen["brand"], chosen["category"]
        )
    except InvalidInput as error:
        problems += [f"{message} The filter is left out." for message in error.fields.values()]
        narrow = by_customer.CustomerFilter()
    rows = by_customer.removed_by_customer(since, until, narrow)
    if request.args.get("format") == "csv":
        filename = f"removed-items-by-customer-{since:%Y%m%d}-{until:%Y%m%d}.csv"
        return Response(
            by_customer.removed_by_customer_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    for problem in problems:
        flash(problem, "warning")
    return render_template(
        "admin/removed_by_customer.html",
        rows=rows,
        since=since.date(),
        until=(until - timedelta(microseconds=1)).date(),
        chosen=chosen,
    )

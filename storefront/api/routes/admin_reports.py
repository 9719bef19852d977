"""What admins read: carts, stock held and sold, every order, the removed-from-cart report."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from ...services import carts, orders, reports
from ...services import removed_by_customer as by_customer
from ..auth import Access
from ..blueprint import ApiBlueprint
from ..schemas.admin import (
    AdminCartPageSchema,
    QuantityPageSchema,
    RemovedByCustomerReportSchema,
    RemovedQuery,
    RemovedReportSchema,
)
from ..schemas.common import PageQuery, page_of, sliced
from ..schemas.orders import OrderPageSchema, OrderQuery

blp = ApiBlueprint(
    "reports admin",
    __name__,
    url_prefix="/api/v1/admin",
    description="Admins only: carts, reserved and sold stock, all orders, and the report of "
    "what shoppers took out of their carts.",
)

CSV_RESPONSE = {
    "description": "The same rows as CSV (every row of the window, not one page).",
    "content": {"text/csv": {"schema": {"type": "string"}}},
}


REPORT_RESPONSE = {
    "description": "Per product; with `by=customer`, per customer and product (who took "
    "what out, when, and whether they bought it since). `format=csv`: the same rows as CSV "
    "(every row of the window, not one page).",
    "content": {
        "application/json": {
            "schema": {"anyOf": [RemovedReportSchema, RemovedByCustomerReportSchema]}
        },
        "text/csv": {"schema": {"type": "string"}},
    },
}


@blp.route("/carts", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(PageQuery, location="query")
@blp.response(200, AdminCartPageSchema)
@blp.doc(operationId="adminListCarts")
def active_carts(query: dict[str, Any]) -> dict[str, Any]:
    """Every active cart with its lines (guests' too), the latest change first"""
    found, total = carts.all_active_carts(query["page"], query["per_page"])
    return page_of(found, query["page"], query["per_page"], total)


@blp.route("/reservations", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(PageQuery, location="query")
@blp.response(200, QuantityPageSchema)
@blp.doc(operationId="listReservations")
def reservations(query: dict[str, Any]) -> dict[str, Any]:
    """Units held by active carts, per product, most first"""
    return sliced(reports.reserved_by_product(), query)


@blp.route("/sales", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(PageQuery, location="query")
@blp.response(200, QuantityPageSchema)
@blp.doc(operationId="listSales")
def sales(query: dict[str, Any]) -> dict[str, Any]:
    """Units sold in paid orders, per product, most first"""
    return sliced(reports.sold_by_product(), query)


@blp.route("/orders", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(OrderQuery, location="query")
@blp.response(200, OrderPageSchema)
@blp.doc(operationId="adminListOrders")
def all_orders(query: dict[str, Any]) -> dict[str, Any]:
    """Everyone's orders, newest first; status narrows them"""
    found, total = orders.all_orders(query.get("status"), query["page"], query["per_page"])
    return page_of(found, query["page"], query["per_page"], total)


@blp.route("/reports/removed-items", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(RemovedQuery, location="query")
@blp.response(200, RemovedReportSchema)
@blp.doc(responses={200: REPORT_RESPONSE})
@blp.doc(operationId="getRemovedItemsReport")
def removed_items(query: dict[str, Any]) -> dict[str, Any] | Response:
    """What shoppers took out of their carts, per product

    Per product: times removed, units removed, distinct carts, how many of those carts were
    checked out anyway, and how many are still open. `since` and `until` take a date or a
    date and time (UTC unless given); a date for `until` counts whole. The default window
    is the last 30 days. `format=csv` answers every row as CSV.
    """
    default_since, default_until = reports.default_range()
    since = query.get("since", default_since)
    until = query.get("until", default_until)
    if query["by"] == "customer":
        return _by_customer(since, until, query)
    rows = reports.removed_items(since, until, query["sort"])
    if query["format"] == "csv":
        return Response(
            reports.removed_items_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="removed-items.csv"'},
        )
    return {"since": since, "until": until, **sliced(rows, query)}


def _by_customer(since: Any, until: Any, query: dict[str, Any]) -> Response:
    product = query.get("product")
    narrow = by_customer.customer_filter(
        [product] if product else [], query.get("brand"), query.get("category")
    )
    rows = by_customer.removed_by_customer(since, until, narrow)
    if query["format"] == "csv":
        return Response(
            by_customer.removed_by_customer_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": 'attachment; filename="removed-items-by-customer.csv"'},
        )
    body = {"since": since, "until": until, **sliced(rows, query)}
    return jsonify(RemovedByCustomerReportSchema().dump(body))

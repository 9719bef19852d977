"""Admin: what is in carts, what is held and sold, and every order."""

from __future__ import annotations

from flask import render_template, request

from ..models.orders import ORDER_STATUSES
from ..services import carts as carts_service
from ..services import orders, reports
from ..web import page_arg
from . import bp
from .access import admin_required

PER_PAGE = 25


@bp.get("/carts")
@admin_required
def carts() -> str:
    items, total = carts_service.all_active_carts(page_arg(), PER_PAGE)
    return render_template(
        "admin/carts.html", carts=items, total=total, page=page_arg(), per_page=PER_PAGE
    )


@bp.get("/reservations")
@admin_required
def reservations() -> str:
    return render_template(
        "admin/quantities.html",
        title="Reserved stock",
        intro="Units held by active carts, per product.",
        rows=reports.reserved_by_product(),
    )


@bp.get("/sales")
@admin_required
def sales() -> str:
    return render_template(
        "admin/quantities.html",
        title="Sold stock",
        intro="Units sold in paid orders, per product.",
        rows=reports.sold_by_product(),
    )


@bp.get("/orders")
@admin_required
def orders_list() -> str:
    status = request.args.get("status") or None
    if status not in ORDER_STATUSES:
        status = None
    items, total = orders.all_orders(status, page_arg(), PER_PAGE)
    return render_template(
        "admin/orders.html",
        orders=items,
        total=total,
        page=page_arg(),
        per_page=PER_PAGE,
        status=status,
        statuses=ORDER_STATUSES,
    )

"""The admin dashboard and the warehouse feed's page; each view is wrapped in ``admin_required``."""

from __future__ import annotations

from flask import render_template

from ..services import dashboard as dashboard_service
from ..services import inventory
from ..web import page_arg
from . import bp
from .access import admin_required
from .charts import column_chart

INVENTORY_PAGE_SIZE = 25
RECENT_EVENTS = 25


@bp.get("/")
@admin_required
def dashboard() -> str:
    glance = dashboard_service.at_a_glance()
    chart = column_chart(
        "Revenue per day, last 30 days",
        [(day.strftime("%b %d"), cents) for day, cents in glance.revenue],
    )
    return render_template("admin/dashboard.html", glance=glance, chart=chart)


@bp.get("/inventory")
@admin_required
def inventory_feed() -> str:
    """Set-aside warehouse events (paged) and the events handled most recently."""
    return render_template(
        "admin/inventory.html",
        set_aside=inventory.set_aside_events(page_arg(), INVENTORY_PAGE_SIZE),
        recent=inventory.recent_events(RECENT_EVENTS),
    )

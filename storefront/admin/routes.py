"""Admin pages, under /admin. Every view here is wrapped in ``admin_required``."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from ..services import inventory
from .access import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")

INVENTORY_PAGE_SIZE = 25
RECENT_EVENTS = 25
MAX_PAGE = 10_000


def page_arg() -> int:
    """The ``page`` query argument, within bounds."""
    try:
        return min(max(1, int(request.args.get("page", 1))), MAX_PAGE)
    except ValueError:
        return 1


@bp.get("/")
@admin_required
def dashboard() -> str:
    return render_template("admin/dashboard.html")


@bp.get("/inventory")
@admin_required
def inventory_feed() -> str:
    """Set-aside warehouse events (paged) and the events handled most recently."""
    return render_template(
        "admin/inventory.html",
        set_aside=inventory.set_aside_events(page_arg(), INVENTORY_PAGE_SIZE),
        recent=inventory.recent_events(RECENT_EVENTS),
    )


# The other admin pages attach themselves to ``bp``.
from . import catalogue_views, operations, report_views  # noqa: E402, F401

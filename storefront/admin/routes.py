"""Admin pages, under /admin. Every view here is wrapped in ``admin_required``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from ..services import inventory

bp = Blueprint("admin", __name__, url_prefix="/admin")

INVENTORY_PAGE_SIZE = 25
RECENT_EVENTS = 25
MAX_PAGE = 10_000


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let admins through; send guests to log in; refuse everyone else with 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if not current_user.is_admin:
            abort(403, description="This page is for admins.")
        return view(*args, **kwargs)

    return wrapped


@bp.get("/inventory")
@admin_required
def inventory_feed() -> str:
    """Set-aside warehouse events (paged) and the events handled most recently."""
    try:
        page = min(max(1, int(request.args.get("page", 1))), MAX_PAGE)
    except ValueError:
        page = 1
    return render_template(
        "admin/inventory.html",
        set_aside=inventory.set_aside_events(page, INVENTORY_PAGE_SIZE),
        recent=inventory.recent_events(RECENT_EVENTS),
    )

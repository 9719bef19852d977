"""Who may open the admin pages: admins; guests are sent to log in, others get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app
from flask_login import current_user


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

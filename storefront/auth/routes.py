"""Register, log in, log out."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from .. import login_throttle
from ..cart import guest
from ..forms import ButtonForm, apply_service_errors
from ..models import User
from ..services import accounts, password_reset, visitor_carts
from ..services.errors import InvalidInput
from ..web import safe_next
from . import bp
from .forms import LoginForm, RegisterForm


def login_limit() -> str:
    """The login throttle's per-minute limit, which the password reset form shares."""
    return str(current_app.config["LOGIN_RATE_LIMIT"])


# The session remembers a stamp of the password it was opened with: a new password (a
# reset) ends every session opened with the old one.
STAMP_KEY = "login_stamp"


def session_user(user_id: str) -> User | None:
    """The signed-in user this session names, unless their password changed since."""
    user = accounts.get_user(user_id)
    if user is None:
        return None
    if session.get(STAMP_KEY) != password_reset.session_stamp(user.password_hash):
        return None
    return user


def start_session(user: User) -> None:
    """Log ``user`` in under a new session id, so an old cookie cannot ride along.

    A guest cart the session held is merged into the user's current cart.
    """
    guest_cart = guest.guest_cart_id()
    current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]
    session.permanent = True
    session[STAMP_KEY] = password_reset.session_stamp(user.password_hash)
    login_user(user)
    guest.forget()
    merged = visitor_carts.merge_guest_cart(guest_cart, user.id)
    for name, wanted, got in merged.capped:
        flash(
            f"Only {got} of {name} could stay in your cart (you had {wanted} in all): "
            "no more are available.",
            "warning",
        )
    for name in merged.no_room:
        flash(
            f"{name} could not join your cart: it already holds the most different products "
            f"a cart may ({visitor_carts.max_lines()}).",
            "warning",
        )


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("catalogue.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(form.username.data, form.password.data)
        except InvalidInput as error:
            apply_service_errors(form, error)
        except accounts.UsernameTaken as error:
            form.username.errors = [*form.username.errors, error.message]
        else:
            start_session(user)
            flash(f"Welcome, {user.username}! Your account is ready.", "success")
            return redirect(safe_next(request.args.get("next")) or url_for("catalogue.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@login_throttle.limited
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("catalogue.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is None:
            g.login_failed = True
            form.form_errors.append("Invalid username or password.")
        else:
            start_session(user)
            login_throttle.remember_device(user.username)
            flash(f"Logged in as {user.username}.", "success")
            return redirect(safe_next(request.args.get("next")) or url_for("catalogue.index"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Response:
    form = ButtonForm()
    if form.validate_on_submit():
        # Delete the stored session while it still holds the login (an "empty"
        # session is not rotated); what follows, the flash, lives under a new id.
        current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]
        logout_user()
        session.clear()
        flash("You have been logged out.", "info")
    return redirect(url_for("catalogue.index"))

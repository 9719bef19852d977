"""Forgot password: ask for a link by e-mail, then set a new password through it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..extensions import limiter
from ..forms import apply_service_errors
from ..services import password_reset
from ..services.errors import InvalidInput
from . import bp
from .forms import NewPasswordForm, ResetRequestForm
from .routes import login_limit, start_session

# The same words whether or not an account has the address: they tell nobody who is a customer.
LINK_SENT = (
    "If an account has that e-mail address, we have sent it a link to set a new password. "
    "The link works once, for 1 hour."
)


def _email_key() -> str:
    return "password-reset-email:" + (request.form.get("email") or "").strip().lower()


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_limit, methods=["POST"], key_func=_email_key)
def request_reset() -> str | Response:
    form = ResetRequestForm()
    if form.validate_on_submit():
        try:
            password_reset.request_reset(form.email.data)
        except InvalidInput as error:
            apply_service_errors(form, error)
        else:
            flash(LINK_SENT, "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    try:
        password_reset.user_for_token(token)
    except password_reset.InvalidResetLink:
        return _invalid_link()
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = password_reset.reset_password(token, form.password.data)
        except password_reset.InvalidResetLink:
            return _invalid_link()
        except InvalidInput as error:
            apply_service_errors(form, error)
        else:
            start_session(user)
            flash("Your new password is set, and you are logged in.", "success")
            return redirect(url_for("catalogue.index"))
    return render_template("auth/reset_password.html", form=form)


def _invalid_link() -> tuple[str, int]:
    return render_template("auth/reset_invalid.html", message=password_reset.INVALID_LINK), 400

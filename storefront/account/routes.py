"""The signed-in user's own profile."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..forms import ButtonForm, apply_service_errors
from ..services import accounts, email_confirmation
from ..services.errors import InvalidInput, ServiceError
from . import bp
from .forms import ProfileForm


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile() -> str | Response:
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        old_email = current_user.email
        try:
            user = accounts.update_profile(
                current_user.id, form.name.data, form.email.data, form.offers_consent.data
            )
        except InvalidInput as error:
            apply_service_errors(form, error)
        else:
            flash("Your profile was saved.", "success")
            if user.email and (old_email or "").lower() != user.email.lower():
                flash(f"We sent a confirmation link to {user.email}.", "info")
            return redirect(url_for("account.profile"))
    return render_template("account/profile.html", form=form, resend_form=ButtonForm())


@bp.route("/account/confirm-email/resend", methods=["POST"])
@login_required
def resend_confirmation() -> Response:
    if ButtonForm().validate_on_submit():
        try:
            address = email_confirmation.resend(current_user.id)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(f"We sent a new confirmation link to {address}.", "success")
    return redirect(url_for("account.profile"))

"""The signed-in user's own profile."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..forms import apply_service_errors
from ..services import accounts
from ..services.errors import InvalidInput
from . import bp
from .forms import ProfileForm


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile() -> str | Response:
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            accounts.update_profile(current_user.id, form.name.data, form.email.data)
        except InvalidInput as error:
            apply_service_errors(form, error)
        else:
            flash("Your profile was saved.", "success")
            return redirect(url_for("account.profile"))
    return render_template("account/profile.html", form=form)

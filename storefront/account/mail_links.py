"""The links in e-mail that need no login: confirming an address, unsubscribing from offers.

Each link opens a page with a button, and only the button's POST changes anything: a mail
scanner that follows links confirms or unsubscribes nobody. The unsubscribe POST is also
RFC 8058's one-click request, which a mail client sends without a CSRF token: its signed
token is what authorises it, so it is exempt from CSRF.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..extensions import csrf
from ..forms import ButtonForm
from ..services import email_confirmation, marketing
from ..services.errors import InvalidInput
from . import bp


def _invalid(error: InvalidInput) -> tuple[str, int]:
    return render_template("account/link_invalid.html", message=error.message), 400


@bp.route("/account/confirm-email/<token>", methods=["GET"])
def confirm_email_page(token: str) -> str | tuple[str, int]:
    try:
        email = email_confirmation.address_in(token)
    except InvalidInput as error:
        return _invalid(error)
    return render_template(
        "account/confirm_email.html", email=email, form=ButtonForm(), token=token
    )


@bp.route("/account/confirm-email/<token>", methods=["POST"])
def confirm_email(token: str) -> Response | tuple[str, int]:
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("account.confirm_email_page", token=token))
    try:
        user = email_confirmation.confirm(token)
    except InvalidInput as error:
        return _invalid(error)
    flash(f"Thank you: {user.email} is confirmed.", "success")
    if current_user.is_authenticated:
        return redirect(url_for("account.profile"))
    return redirect(url_for("catalogue.index"))


@bp.route("/unsubscribe/<token>", methods=["GET"])
def unsubscribe_page(token: str) -> str | tuple[str, int]:
    try:
        marketing.user_for_unsubscribe(token)
    except InvalidInput as error:
        return _invalid(error)
    return render_template("account/unsubscribe.html", token=token, done=False)


@bp.route("/unsubscribe/<token>", methods=["POST"])
@csrf.exempt
def unsubscribe(token: str) -> str | tuple[str, int]:
    try:
        marketing.unsubscribe(token)
    except InvalidInput as error:
        return _invalid(error)
    return render_template("account/unsubscribe.html", token=token, done=True)

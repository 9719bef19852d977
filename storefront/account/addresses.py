"""The signed-in customer's address book: add, edit, delete, make default."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..forms import ButtonForm, apply_service_errors
from ..services import addresses
from ..services.errors import InvalidInput, NotFound, ServiceError
from . import bp
from .forms import AddressForm


@bp.get("/account/addresses")
@login_required
def addresses_list() -> str:
    return render_template(
        "account/addresses.html",
        addresses=addresses.list_addresses(current_user.id),
        button=ButtonForm(),
    )


@bp.route("/account/addresses/new", methods=["GET", "POST"])
@login_required
def addresses_new() -> str | Response:
    form = AddressForm()
    if form.validate_on_submit():
        try:
            addresses.add_address(
                current_user.id, form.address_data(), make_default=form.make_default.data
            )
        except InvalidInput as error:
            apply_service_errors(form, error)
        except ServiceError as error:
            form.form_errors.append(error.message)
        else:
            flash("The address was saved.", "success")
            return redirect(url_for("account.addresses_list"))
    return render_template("account/address_form.html", form=form, address=None)


@bp.route("/account/addresses/<uuid:address_id>", methods=["GET", "POST"])
@login_required
def addresses_edit(address_id: uuid.UUID) -> str | Response:
    try:
        address = addresses.get_address(address_id, current_user.id)
    except NotFound:
        abort(404, description="There is no such address.")
    form = AddressForm(obj=address)
    del form.make_default  # "Make default" is its own button on the list
    if form.validate_on_submit():
        try:
            addresses.update_address(address_id, current_user.id, form.address_data())
        except InvalidInput as error:
            apply_service_errors(form, error)
        else:
            flash("The address was saved.", "success")
            return redirect(url_for("account.addresses_list"))
    return render_template("account/address_form.html", form=form, address=address)


@bp.post("/account/addresses/<uuid:address_id>/delete")
@login_required
def addresses_delete(address_id: uuid.UUID) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            addresses.delete_address(address_id, current_user.id)
        except NotFound:
            abort(404, description="There is no such address.")
        flash("The address was deleted.", "success")
    return redirect(url_for("account.addresses_list"))


@bp.post("/account/addresses/<uuid:address_id>/default")
@login_required
def addresses_default(address_id: uuid.UUID) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            addresses.make_default(address_id, current_user.id)
        except NotFound:
            abort(404, description="There is no such address.")
        flash("That is now your default address.", "success")
    return redirect(url_for("account.addresses_list"))

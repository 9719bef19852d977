"""Admin: shipping methods (name, price, "free from" amount, active)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..forms import ButtonForm, apply_service_errors
from ..models import ShippingMethod
from ..money import amount_text
from ..services import shipping_methods
from ..services.errors import InvalidInput, NotFound
from . import bp
from .access import admin_required
from .forms import ShippingMethodForm


@bp.get("/shipping/")
@admin_required
def shipping_list() -> str:
    return render_template(
        "admin/shipping_list.html", methods=shipping_methods.list_methods(), button=ButtonForm()
    )


@bp.route("/shipping/new", methods=["GET", "POST"])
@admin_required
def shipping_new() -> str | Response:
    return _save(None)


@bp.route("/shipping/<int:method_id>", methods=["GET", "POST"])
@admin_required
def shipping_edit(method_id: int) -> str | Response:
    return _save(method_id)


@bp.post("/shipping/<int:method_id>/delete")
@admin_required
def shipping_delete(method_id: int) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            shipping_methods.delete_method(method_id)
        except NotFound:
            abort(404, description="There is no such shipping method.")
        flash("The shipping method was deleted; orders keep their copy.", "success")
    return redirect(url_for("admin.shipping_list"))


def _save(method_id: int | None) -> str | Response:
    method: ShippingMethod | None = None
    if method_id is not None:
        try:
            method = shipping_methods.get_method(method_id)
        except NotFound:
            abort(404, description="There is no such shipping method.")
    form = ShippingMethodForm(obj=method)
    if method is not None and request.method == "GET":
        form.price.data = amount_text(method.price_cents)
        if method.free_from_cents is not None:
            form.free_from.data = amount_text(method.free_from_cents)
    if form.validate_on_submit():
        data = {
            "name": form.name.data,
            "price": form.price.data,
            "free_from": form.free_from.data,
            "active": form.active.data,
            "needs_address": form.needs_address.data,
        }
        try:
            saved = shipping_methods.save_method(method_id, data)
        except (InvalidInput, shipping_methods.MethodNameTaken) as error:
            apply_service_errors(form, error)
        else:
            flash(f"Shipping method {saved.name} was saved.", "success")
            return redirect(url_for("admin.shipping_list"))
    return render_template("admin/shipping_form.html", form=form, method=method)

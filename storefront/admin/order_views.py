"""Admin: one order's page, and its buttons: ship, deliver, refund, cancel (SPEC 8)."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..forms import ButtonForm
from ..orders.telling import actor, tell_refund
from ..services import order_life, order_timeline, orders, refunds
from ..services.errors import InvalidInput, ServiceError
from . import bp
from .access import admin_required
from .order_forms import QUANTITY_FIELD, CancelForm, RefundForm, ShipForm, refund_quantities


@bp.get("/orders/<uuid:order_id>")
@admin_required
def order_detail(order_id: uuid.UUID) -> str:
    return _page(order_id)


def _page(order_id: uuid.UUID, **forms: object) -> str:
    order = orders.any_order(order_id)
    if order is None:
        abort(404, description="There is no such order.")
    found = order_timeline.refunds(order_id)
    return render_template(
        "admin/order.html",
        order=order,
        events=order_timeline.events(order_id),
        refunds=found,
        refunded_cents=order_timeline.refunded_cents(found),
        actions=order_timeline.admin_actions(order.status),
        ship_form=forms.get("ship_form") or ShipForm(formdata=None),
        refund_form=forms.get("refund_form") or RefundForm(formdata=None),
        cancel_form=forms.get("cancel_form") or CancelForm(formdata=None),
        quantity_field=QUANTITY_FIELD,
    )


def _back(order_id: uuid.UUID) -> Response:
    return redirect(url_for("admin.order_detail", order_id=order_id))


@bp.post("/orders/<uuid:order_id>/ship")
@admin_required
def order_ship(order_id: uuid.UUID) -> str | Response:
    form = ShipForm()
    if not form.validate_on_submit():
        return _page(order_id, ship_form=form)
    try:
        number = order_life.ship(order_id, actor(), form.carrier.data, form.tracking_number.data)
    except InvalidInput as error:
        for name, message in error.fields.items():
            getattr(form, name).errors = [message]
        return _page(order_id, ship_form=form)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(f"Order {number} is marked as shipped.", "success")
    return _back(order_id)


@bp.post("/orders/<uuid:order_id>/deliver")
@admin_required
def order_deliver(order_id: uuid.UUID) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            number = order_life.deliver(order_id, actor())
            flash(f"Order {number} is marked as delivered.", "success")
        except ServiceError as error:
            flash(error.message, "error")
    return _back(order_id)


@bp.post("/orders/<uuid:order_id>/refund")
@admin_required
def order_refund(order_id: uuid.UUID) -> str | Response:
    form = RefundForm()
    if not form.validate_on_submit():
        return _page(order_id, refund_form=form)
    quantities, problem = refund_quantities(request.form)
    if problem:
        form.form_errors.append(problem)
        return _page(order_id, refund_form=form)
    try:
        tell_refund(
            refunds.refund(
                order_id,
                actor(),
                quantities,
                returned=form.returned.data,
                reason=form.reason.data or "",
            )
        )
    except InvalidInput as error:
        form.form_errors.extend(error.fields.values())
        return _page(order_id, refund_form=form)
    except ServiceError as error:
        flash(error.message, "error")
    return _back(order_id)


@bp.post("/orders/<uuid:order_id>/cancel")
@admin_required
def order_cancel(order_id: uuid.UUID) -> str | Response:
    form = CancelForm()
    if not form.validate_on_submit():
        return _page(order_id, cancel_form=form)
    try:
        report = order_life.cancel(order_id, actor(), form.reason.data or "")
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("The order is cancelled and its items are back in stock.", "success")
        tell_refund(report)
    return _back(order_id)

"""A customer's orders, and paying one that is still pending."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..checkout.forms import PayForm
from ..checkout.paying import card_from, tell
from ..forms import ButtonForm
from ..services import buying, order_life, order_timeline, orders
from ..services.errors import ServiceError
from ..services.order_rows import OrderNotFound
from . import bp
from .telling import actor, tell_refund

PER_PAGE = 20


@bp.get("/orders")
@login_required
def index() -> str:
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    found, has_next = orders.orders_page(current_user.id, page, PER_PAGE)
    return render_template("orders/index.html", orders=found, page=page, has_next=has_next)


@bp.route("/orders/<uuid:order_id>", methods=["GET", "POST"])
@login_required
def detail(order_id: uuid.UUID) -> str | Response:
    order = orders.order_with_lines(order_id, current_user.id)
    if order is None:
        abort(404, description="There is no such order.")
    form = PayForm()
    if order.is_pending and form.validate_on_submit() and (card := card_from(form)) is not None:
        try:
            tell(buying.pay_for(order.id, current_user.id, card))
        except ServiceError as error:
            flash(error.message, "error")
        return redirect(url_for("orders.detail", order_id=order.id))
    return render_template(
        "orders/detail.html",
        order=order,
        form=form,
        events=order_timeline.events(order.id),
        may_cancel=order_timeline.customer_may_cancel(order.status),
    )


@bp.post("/orders/<uuid:order_id>/cancel")
@login_required
def cancel(order_id: uuid.UUID) -> Response:
    """The customer cancels their order before it ships: stock back, the money refunded."""
    if ButtonForm().validate_on_submit():
        try:
            report = order_life.cancel(order_id, actor(), "Cancelled by the customer")
        except OrderNotFound:
            abort(404, description="There is no such order.")
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash("Your order is cancelled.", "success")
            tell_refund(report, customer=True)
    return redirect(url_for("orders.detail", order_id=order_id))

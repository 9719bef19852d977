"""The cart page and the buttons that change it."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..forms import ButtonForm
from ..services import cart_adding, cart_limits, cart_vouchers, carts, visitor_carts
from ..services.errors import ServiceError
from ..web import safe_next
from . import bp, guest
from .forms import AddToCartForm, QuantityForm, VoucherForm


def _back(default: str | None = None) -> Response:
    return redirect(safe_next(request.form.get("next")) or default or url_for("cart.view"))


def _current_cart_id() -> uuid.UUID | None:
    return visitor_carts.current_cart_id(guest.owner_id(), guest.guest_cart_id())


@bp.get("/cart")
def view() -> str:
    cart = guest.current_cart()
    return render_template(
        "cart/view.html",
        cart=cart,
        pricing=cart_vouchers.cart_pricing(cart),
        quantity_form=QuantityForm(),
        remove_form=ButtonForm(),
        voucher_form=VoucherForm(formdata=None),
    )


@bp.post("/cart/add")
def add() -> Response:
    form = AddToCartForm()
    if not form.validate_on_submit():
        if form.quantity.errors:
            flash(cart_limits.quantity_rule(), "error")
        else:
            flash("That form was not complete. Please try again.", "error")
        return _back()
    try:
        product_id = uuid.UUID(form.product_id.data)
    except ValueError:
        flash(carts.ProductNotFound().message, "error")
        return _back()
    owner_id = guest.owner_id()
    try:
        added = cart_adding.add_units(_current_cart_id(), owner_id, product_id, form.quantity.data)
    except ServiceError as error:
        flash(error.message, "error")
        return _back()
    guest.remember(added.cart_id, added.user_id)
    flash(f"Added {added.product_name} (quantity {form.quantity.data}) to your cart.", "success")
    return _back()


@bp.post("/cart/lines/<uuid:product_id>")
def update(product_id: uuid.UUID) -> Response:
    form = QuantityForm()
    if not form.validate_on_submit():
        flash(cart_limits.quantity_rule(0), "error")
        return redirect(url_for("cart.view"))
    cart_id = _current_cart_id()
    try:
        if cart_id is None:
            raise carts.CartNotFound()
        carts.set_quantity(cart_id, guest.owner_id(), product_id, form.quantity.data)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("Your cart was updated.", "success")
    return redirect(url_for("cart.view"))


@bp.post("/cart/lines/<uuid:product_id>/remove")
def remove(product_id: uuid.UUID) -> Response:
    if not ButtonForm().validate_on_submit():
        flash("Please try again.", "error")
        return redirect(url_for("cart.view"))
    cart_id = _current_cart_id()
    try:
        if cart_id is None:
            raise carts.CartNotFound()
        carts.remove_line(cart_id, guest.owner_id(), product_id)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("The item was removed from your cart.", "success")
    return redirect(url_for("cart.view"))


@bp.post("/cart/voucher")
def apply_voucher() -> Response:
    form = VoucherForm()
    if not form.validate_on_submit():
        flash(" ".join(form.code.errors) or "Please try again.", "error")
        return redirect(url_for("cart.view"))
    cart_id = _current_cart_id()
    try:
        if cart_id is None:
            raise carts.CartNotFound()
        discount = cart_vouchers.apply_voucher(cart_id, guest.owner_id(), form.code.data)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(f"Voucher {discount.code} applied.", "success")
    return redirect(url_for("cart.view"))


@bp.post("/cart/voucher/remove")
def remove_voucher() -> Response:
    cart_id = _current_cart_id()
    if not ButtonForm().validate_on_submit() or cart_id is None:
        flash("Please try again.", "error")
        return redirect(url_for("cart.view"))
    try:
        cart_vouchers.remove_voucher(cart_id, guest.owner_id())
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("The voucher was removed.", "success")
    return redirect(url_for("cart.view"))

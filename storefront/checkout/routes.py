"""Checkout: the cart's lines, the card form, and buying."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..cart import guest
from ..services import buying, cart_vouchers
from ..services.errors import ServiceError
from . import bp
from .forms import CheckoutForm
from .paying import card_from, tell


@bp.route("/checkout", methods=["GET", "POST"])
@login_required
def start() -> str | Response:
    form = CheckoutForm()
    if form.validate_on_submit() and (card := card_from(form)) is not None:
        try:
            cart_id = uuid.UUID(form.cart_id.data)
        except ValueError:
            flash("That cart could not be found.", "error")
            return redirect(url_for("cart.view"))
        try:
            purchase = buying.buy(current_user.id, card, cart_id=cart_id)
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(url_for("cart.view"))
        tell(purchase)
        return redirect(url_for("orders.detail", order_id=purchase.order.id))
    cart = guest.current_cart()
    if cart is None or not cart.lines:
        flash("Your cart is empty.", "info")
        return redirect(url_for("cart.view"))
    form.cart_id.data = str(cart.id)
    pricing = cart_vouchers.cart_pricing(cart)
    return render_template("checkout/checkout.html", cart=cart, pricing=pricing, form=form)

"""Checkout: the cart's lines, where it goes and how, the card form, and buying."""

from __future__ import annotations

import uuid
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ..cart import guest
from ..forms import apply_service_errors
from ..services import addresses, buying, cart_vouchers, delivery
from ..services.errors import InvalidInput, ServiceError
from ..web import money
from . import bp
from .forms import NEW_ADDRESS, CheckoutForm
from .paying import card_from, tell


@bp.route("/checkout", methods=["GET", "POST"])
@login_required
def start() -> str | Response:
    form = CheckoutForm()
    cart = guest.current_cart()
    if form.validate_on_submit() and (card := card_from(form)) is not None:
        try:
            cart_id = uuid.UUID(form.cart_id.data)
        except ValueError:
            flash("That cart could not be found.", "error")
            return redirect(url_for("cart.view"))
        try:
            purchase = buying.buy(current_user.id, card, cart_id=cart_id, **_delivery(form))
        except InvalidInput as error:
            apply_service_errors(form, error)  # nothing was placed: show the page again
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(url_for("cart.view"))
        else:
            tell(purchase)
            return redirect(url_for("orders.detail", order_id=purchase.order.id))
    if cart is None or not cart.lines:
        flash("Your cart is empty.", "info")
        return redirect(url_for("cart.view"))
    form.cart_id.data = str(cart.id)
    pricing = cart_vouchers.cart_pricing(cart)
    methods = _offer(form, pricing.total_cents)
    return render_template(
        "checkout/checkout.html", cart=cart, pricing=pricing, form=form, methods=methods
    )


def _delivery(form: CheckoutForm) -> dict[str, Any]:
    """The address and method the form asks for, as ``buying.buy`` takes them."""
    choice: dict[str, Any] = {"shipping_method": None}
    if (form.shipping_method.data or "").isdigit():
        choice["shipping_method"] = int(form.shipping_method.data)
    try:
        choice["address_id"] = uuid.UUID(form.ship_to.data or "")
    except ValueError:
        choice["address"] = form.address_data()
    return choice


def _offer(form: CheckoutForm, subtotal_cents: int) -> list[delivery.MethodValues]:
    """Fill the form's choices: saved addresses (the default first), then the methods."""
    saved = addresses.list_addresses(current_user.id)
    form.ship_to.choices = [
        SelectChoice(str(item.id), f"{item.full_name}, {item.line1}, {item.city}") for item in saved
    ] + [SelectChoice(NEW_ADDRESS, "A new address (below)")]
    if form.ship_to.data is None:
        form.ship_to.data = str(saved[0].id) if saved else NEW_ADDRESS
    methods = delivery.offered()
    form.shipping_method.choices = [
        SelectChoice(
            str(method.id or delivery.BUILT_IN_ID),
            f"{method.name}: {_price_text(method.price_for(subtotal_cents))}",
            render_kw={"data-price": str(method.price_for(subtotal_cents))},
        )
        for method in methods
    ]
    if form.shipping_method.data is None:
        # Preselect delivery (an address is saved, or about to be typed); collecting is a choice.
        chosen = delivery.default_method(methods, True)
        form.shipping_method.data = str(chosen.id or delivery.BUILT_IN_ID)
    return methods


def _price_text(cents: int) -> str:
    return "free" if cents == 0 else money(cents)

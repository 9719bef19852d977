"""Shared by checkout and the order page: read the card, and tell the customer how paying went."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from ..forms import apply_service_errors
from ..payments.cards import Card, InvalidCard, parse_card
from ..services.buying import Purchase, Result
from ..services.payments import PaymentInProgress


def card_from(form: FlaskForm) -> Card | None:
    """The card typed into ``form``, or None with the problems shown on the form."""
    try:
        return parse_card(form.name.data, form.number.data, form.expiry.data, form.cvv.data)
    except InvalidCard as error:
        apply_service_errors(form, error)
        return None


def tell(purchase: Purchase) -> None:
    """Flash what became of the payment, in the customer's words."""
    number = purchase.order.number
    if purchase.result is Result.PAID:
        flash(f"Thank you! Order {number} is paid.", "success")
    elif purchase.result is Result.DECLINED:
        reason = purchase.reason or "the card was declined"
        flash(
            f"The payment did not go through: {reason}. Order {number} is saved; "
            "you can pay for it with another card below.",
            "error",
        )
    elif purchase.result is Result.IN_PROGRESS:
        flash(PaymentInProgress().message, "info")
    else:
        flash(
            f"Order {number} is saved, but we could not confirm the payment yet. "
            "You can finish paying from this page; you will not be charged twice.",
            "warning",
        )

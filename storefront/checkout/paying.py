"""Shared by checkout and the order page: read the card, pay, tell the customer."""

from __future__ import annotations

import uuid

from flask import current_app, flash
from flask_wtf import FlaskForm

from ..forms import apply_service_errors
from ..payments.cards import Card, parse_card
from ..payments.provider import Outcome
from ..services import payments
from ..services.errors import InvalidInput


def card_from(form: FlaskForm) -> Card | None:
    """The card typed into ``form``, or None with the problems shown on the form."""
    try:
        return parse_card(form.name.data, form.number.data, form.expiry.data, form.cvv.data)
    except InvalidInput as error:
        apply_service_errors(form, error)
        return None


def pay_and_tell(order_id: uuid.UUID, user_id: uuid.UUID, card: Card) -> None:
    """Pay for the order and flash what happened, in the customer's words."""
    from ..payments import provider_for

    try:
        result = payments.pay(order_id, user_id, card, provider_for(current_app))
    except payments.PaymentInProgress as error:
        flash(error.message, "info")
        return
    number = result.order.number
    if result.outcome is Outcome.PAID:
        flash(f"Thank you! Order {number} is paid.", "success")
    elif result.outcome is Outcome.DECLINED:
        reason = result.message or "the card was declined"
        flash(
            f"The payment did not go through: {reason}. Order {number} is saved; "
            "you can pay for it with another card below.",
            "error",
        )
    else:
        flash(
            f"Order {number} is saved, but we could not confirm the payment yet. "
            "You can finish paying from this page; you will not be charged twice.",
            "warning",
        )

"""The card form, used to place an order and to pay a pending one."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired
from wtforms.widgets import TextInput

from ..forms import AddressFields
from ..payments.cards import EXPIRY_HINT, EXPIRY_MAX_LENGTH


class UnshownInput(TextInput):
    """A text box that never renders what was typed into it."""

    def __call__(self, field: Any, **kwargs: Any) -> Any:
        kwargs["value"] = ""
        return super().__call__(field, **kwargs)


class CardForm(FlaskForm):
    name = StringField(
        "Name on card", validators=[InputRequired()], render_kw={"autocomplete": "cc-name"}
    )
    # Typed again after an error: the number is never sent back in the page.
    number = StringField(
        "Card number",
        validators=[InputRequired()],
        widget=UnshownInput(),
        render_kw={"autocomplete": "cc-number", "inputmode": "numeric", "maxlength": 19},
    )
    expiry = StringField(
        "Expiry (MMYY)",
        validators=[InputRequired()],
        description=EXPIRY_HINT,
        render_kw={"autocomplete": "cc-exp", "maxlength": EXPIRY_MAX_LENGTH},
    )
    # A password field, so the browser never offers to remember or show it.
    cvv = PasswordField(
        "CVV",
        validators=[InputRequired()],
        render_kw={"autocomplete": "cc-csc", "inputmode": "numeric", "maxlength": 3},
    )
    submit = SubmitField("Place order")


class PayForm(CardForm):
    submit = SubmitField("Pay now")


class CheckoutForm(CardForm, AddressFields):
    # The cart being bought: a second submit of the same cart finds its order.
    cart_id = HiddenField(validators=[InputRequired()])
    # A saved address's id, or NEW_ADDRESS for the fields below; choices set by the view.
    ship_to = SelectField("Ship to", validate_choice=False)
    shipping_method = SelectField("Shipping method", validate_choice=False)


NEW_ADDRESS = "new"

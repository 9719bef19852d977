"""The cart's forms: add a product, change a quantity, apply a voucher."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, SubmitField, ValidationError
from wtforms.validators import InputRequired, Length

from ..rules import VOUCHER_CODE_MAX_LENGTH
from ..services.cart_limits import max_quantity, quantity_rule


def _quantity(low: int) -> Any:
    """From ``low`` to the setting CART_MAX_QUANTITY, read when the form is checked."""

    def validator(form: FlaskForm, field: Any) -> None:
        if field.data is None or not low <= field.data <= max_quantity():
            raise ValidationError(quantity_rule(low))

    return validator


class AddToCartForm(FlaskForm):
    product_id = HiddenField(validators=[InputRequired()])
    quantity = IntegerField(
        "Quantity",
        default=1,
        validators=[InputRequired("Quantity must be a whole number."), _quantity(1)],
    )
    next = HiddenField()
    submit = SubmitField("Add to cart")


class QuantityForm(FlaskForm):
    quantity = IntegerField(
        "Quantity",
        validators=[InputRequired("Quantity must be a whole number."), _quantity(0)],
    )
    submit = SubmitField("Update")


class VoucherForm(FlaskForm):
    code = StringField(
        "Voucher code",
        validators=[InputRequired("Type a voucher code."), Length(max=VOUCHER_CODE_MAX_LENGTH)],
    )
    submit = SubmitField("Apply")

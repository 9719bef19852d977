"""The cart's forms: add a product, change a quantity, apply a voucher."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange

from ..rules import VOUCHER_CODE_MAX_LENGTH
from ..services.carts import MAX_QUANTITY, QUANTITY_RULE


class AddToCartForm(FlaskForm):
    product_id = HiddenField(validators=[InputRequired()])
    quantity = IntegerField(
        "Quantity",
        default=1,
        validators=[InputRequired(QUANTITY_RULE), NumberRange(1, MAX_QUANTITY, QUANTITY_RULE)],
    )
    next = HiddenField()
    submit = SubmitField("Add to cart")


class QuantityForm(FlaskForm):
    quantity = IntegerField(
        "Quantity",
        validators=[
            InputRequired(QUANTITY_RULE),
            NumberRange(0, MAX_QUANTITY, QUANTITY_RULE.replace("from 1", "from 0")),
        ],
    )
    submit = SubmitField("Update")


class VoucherForm(FlaskForm):
    code = StringField(
        "Voucher code",
        validators=[InputRequired("Type a voucher code."), Length(max=VOUCHER_CODE_MAX_LENGTH)],
    )
    submit = SubmitField("Apply")

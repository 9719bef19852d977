"""The admin's forms on an order's page: ship, refund (per line), cancel."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from ..rules import CARRIER_MAX_LENGTH, REASON_MAX_LENGTH, TRACKING_MAX_LENGTH

QUANTITY_FIELD = "quantity-{}"  # one number input per order line, by its id


class ShipForm(FlaskForm):
    carrier = StringField("Carrier", validators=[Length(max=CARRIER_MAX_LENGTH)])
    tracking_number = StringField("Tracking number", validators=[Length(max=TRACKING_MAX_LENGTH)])
    submit = SubmitField("Mark as shipped")


class RefundForm(FlaskForm):
    returned = BooleanField("The goods came back (put them back in stock)")
    reason = TextAreaField("Reason", validators=[Optional(), Length(max=REASON_MAX_LENGTH)])
    submit = SubmitField("Refund")


class CancelForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[Optional(), Length(max=REASON_MAX_LENGTH)])
    submit = SubmitField("Cancel order")


def refund_quantities(data: Mapping[str, str]) -> tuple[dict[int, int], str | None]:
    """The units typed per order line (empty counts as 0), or what is wrong with them."""
    quantities = {}
    prefix = QUANTITY_FIELD.format("")
    for name, typed in data.items():
        line_id = name.removeprefix(prefix)
        if not name.startswith(prefix) or not line_id.isdigit() or len(line_id) > 9:
            continue
        typed = typed.strip() or "0"
        if not typed.isdigit() or len(typed) > 9:
            return {}, "Each quantity to refund must be a whole number, 0 or more."
        quantities[int(line_id)] = int(typed)
    return quantities, None

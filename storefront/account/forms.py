"""The profile form and the address book's form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, SubmitField
from wtforms.validators import Length, Optional

from ..forms import AddressFields
from ..rules import USER_NAME_MAX_LENGTH


class ProfileForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[Optional(), Length(max=USER_NAME_MAX_LENGTH)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField("Email", validators=[Optional()], render_kw={"autocomplete": "email"})
    offers_consent = BooleanField("Send me offers by e-mail")
    submit = SubmitField("Save")


class AddressForm(AddressFields):
    make_default = BooleanField("Use as my default address")
    submit = SubmitField("Save address")

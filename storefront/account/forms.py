"""The profile form and the address book's form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from ..rules import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_NAME_MAX_LENGTH,
    CITY_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    POSTAL_CODE_MAX_LENGTH,
    USER_NAME_MAX_LENGTH,
)
from ..services.addresses import countries


class ProfileForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[Optional(), Length(max=USER_NAME_MAX_LENGTH)],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField("Email", validators=[Optional()], render_kw={"autocomplete": "email"})
    submit = SubmitField("Save")


class AddressFields(FlaskForm):
    """An address's fields, as SPEC 8 labels them; ``services.addresses`` checks them."""

    full_name = StringField(
        "Full name", render_kw={"autocomplete": "name", "maxlength": ADDRESS_NAME_MAX_LENGTH}
    )
    line1 = StringField(
        "Address line 1",
        render_kw={"autocomplete": "address-line1", "maxlength": ADDRESS_LINE_MAX_LENGTH},
    )
    line2 = StringField(
        "Address line 2",
        render_kw={"autocomplete": "address-line2", "maxlength": ADDRESS_LINE_MAX_LENGTH},
    )
    city = StringField(
        "City", render_kw={"autocomplete": "address-level2", "maxlength": CITY_MAX_LENGTH}
    )
    postal_code = StringField(
        "Postal code",
        render_kw={"autocomplete": "postal-code", "maxlength": POSTAL_CODE_MAX_LENGTH},
    )
    country = SelectField("Country", validate_choice=False, render_kw={"autocomplete": "country"})
    phone = StringField(
        "Phone", render_kw={"autocomplete": "tel", "maxlength": PHONE_MAX_LENGTH, "type": "tel"}
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = [("", "Choose a country"), *countries()]

    def address_data(self) -> dict[str, str | None]:
        """What was typed, for ``services.addresses.check_address``."""
        names = ("full_name", "line1", "line2", "city", "postal_code", "country", "phone")
        return {name: getattr(self, name).data for name in names}


class AddressForm(AddressFields):
    make_default = BooleanField("Use as my default address")
    submit = SubmitField("Save address")

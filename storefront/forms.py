"""Form helpers shared by the blueprints."""

from __future__ import annotations

from typing import Any, Protocol

from flask_wtf import FlaskForm
from wtforms import Form, IntegerField, SelectField, StringField

from .rules import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_NAME_MAX_LENGTH,
    CITY_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    POSTAL_CODE_MAX_LENGTH,
)
from .services.addresses import FIELDS as ADDRESS_FIELDS
from .services.addresses import countries


class FieldErrors(Protocol):
    """A service error that names the fields it is about."""

    fields: dict[str, str]


class ButtonForm(FlaskForm):
    """A form with no fields: a POST button that carries the CSRF token."""


def apply_service_errors(form: Form, error: FieldErrors) -> None:
    """Show a service's field errors on the matching form fields."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


class WholeNumberField(IntegerField):
    """An integer field whose complaint names the field in plain words."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"{self.label.text} must be a whole number.") from None


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
        return {name: getattr(self, name).data for name in ADDRESS_FIELDS}

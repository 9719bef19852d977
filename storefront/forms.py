"""Form helpers shared by the blueprints."""

from __future__ import annotations

from typing import Any, Protocol

from flask_wtf import FlaskForm
from wtforms import Form, IntegerField


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

"""Form helpers shared by the blueprints."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Form

from .services.errors import InvalidInput


class ButtonForm(FlaskForm):
    """A form with no fields: a POST button that carries the CSRF token."""


def apply_service_errors(form: Form, error: InvalidInput) -> None:
    """Show a service's field errors on the matching form fields."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)

"""Forms for registering and logging in."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, EqualTo

from ..rules import USERNAME_MAX_LENGTH
from ..services import accounts


def _service_rule(check: Any) -> Any:
    def validator(form: FlaskForm, field: Any) -> None:
        if problem := check(field.data or ""):
            raise ValidationError(problem)

    return validator


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired(), _service_rule(accounts.username_problem)],
        render_kw={"autocomplete": "username", "maxlength": USERNAME_MAX_LENGTH},
        description=accounts.USERNAME_RULE.capitalize(),
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), _service_rule(accounts.password_problem)],
        render_kw={"autocomplete": "new-password"},
        description=f"At least {accounts.PASSWORD_MIN_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Confirm password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Register")


class LoginForm(FlaskForm):
    username = StringField(
        "Username", validators=[DataRequired()], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        "Password", validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    submit = SubmitField("Log in")

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


def _password_rule(form: FlaskForm, field: Any) -> None:
    username = form.username.data if hasattr(form, "username") else None
    if problem := accounts.password_problem(field.data or "", username):
        raise ValidationError(problem)


class RegisterForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[DataRequired(), _service_rule(accounts.username_problem)],
        render_kw={"autocomplete": "username", "maxlength": USERNAME_MAX_LENGTH},
        description=accounts.USERNAME_RULE.capitalize(),
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), _password_rule],
        render_kw={"autocomplete": "new-password"},
        description=accounts.PASSWORD_RULE,
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

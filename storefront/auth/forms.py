"""Forms for registering, logging in and resetting a password."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, EqualTo, Length

from ..rules import EMAIL_MAX_LENGTH, USERNAME_MAX_LENGTH
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


class ResetRequestForm(FlaskForm):
    email = StringField(
        "Email",
        validators=[
            DataRequired(message="Enter your e-mail address."),
            Length(max=EMAIL_MAX_LENGTH),
        ],
        render_kw={"autocomplete": "email", "type": "email", "maxlength": EMAIL_MAX_LENGTH},
    )
    submit = SubmitField("Send reset link")


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired(), _service_rule(accounts.password_problem)],
        render_kw={"autocomplete": "new-password"},
        description=f"At least {accounts.PASSWORD_MIN_LENGTH} characters.",
    )
    confirm = PasswordField(
        "Confirm password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")

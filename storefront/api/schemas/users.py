"""Accounts and tokens."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...rules import EMAIL_MAX_LENGTH, USER_NAME_MAX_LENGTH
from ...services.accounts import (
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    PASSWORD_RULE,
    USERNAME_PATTERN,
    USERNAME_RULE,
)
from ...services.text import NO_CONTROL_PATTERN
from .common import strict_bool


class UserSchema(Schema):
    id = fields.UUID(required=True)
    username = fields.String(required=True)
    name = fields.String(required=True, allow_none=True)
    email = fields.String(required=True, allow_none=True)
    is_admin = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    offers_consent = fields.Boolean(
        metadata={"description": "Said yes to offers by e-mail (sent only once confirmed)."}
    )
    email_confirmed = fields.Boolean(
        metadata={"description": "The address was confirmed through the link sent to it."}
    )


def _name() -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.Length(max=USER_NAME_MAX_LENGTH),
        metadata={"pattern": NO_CONTROL_PATTERN, "example": "Ada Lovelace"},
    )


def _email() -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.Length(max=EMAIL_MAX_LENGTH),
        metadata={
            "description": "An e-mail address (checked as one: an @, a domain with a dot); "
            "empty, blank or null for none.",
            "example": "ada@example.com",
            "anyOf": [{"format": "email"}, {"pattern": r"^\s*$"}],
        },
    )


class RegisterSchema(Schema):
    username = fields.String(
        required=True,
        metadata={
            "description": USERNAME_RULE,
            "pattern": f"^{USERNAME_PATTERN.pattern}$",
            "example": "ada",
        },
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH),
        metadata={
            "description": PASSWORD_RULE + " How easy it is to guess (common passwords, "
            "repeats, sequences, the username) is judged by the shop, not by a pattern: a "
            "guessable one answers 422 saying why.",
            "example": "correct horse battery staple",
        },
    )
    name = _name()
    email = _email()


class ProfileSchema(Schema):
    name = _name()
    email = _email()
    offers_consent = strict_bool(
        metadata={
            "description": "Send me offers by e-mail. Offers go only to a confirmed address: "
            "a new address is sent a confirmation link."
        }
    )


class TokenRequestSchema(Schema):
    username = fields.String(
        required=True, validate=validate.Length(max=64), metadata={"example": "ada"}
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(max=PASSWORD_MAX_LENGTH),
        metadata={"example": "correct horse battery staple"},
    )


class TokenSchema(Schema):
    token = fields.String(
        required=True,
        metadata={"description": "Send it as Authorization: Bearer <token>. Shown only once."},
    )
    user = fields.Nested(UserSchema, required=True)

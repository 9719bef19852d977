"""Accounts and tokens."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...rules import EMAIL_MAX_LENGTH, USER_NAME_MAX_LENGTH
from ...services.accounts import (
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    USERNAME_PATTERN,
    USERNAME_RULE,
)


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
    return fields.String(allow_none=True, validate=validate.Length(max=USER_NAME_MAX_LENGTH))


def _email() -> fields.String:
    return fields.String(
        allow_none=True,
        validate=validate.Length(max=EMAIL_MAX_LENGTH),
        metadata={"description": "An e-mail address; empty or null for none."},
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
        metadata={"example": "correct horse battery"},
    )
    name = _name()
    email = _email()


class ProfileSchema(Schema):
    name = _name()
    email = _email()
    offers_consent = fields.Boolean(
        metadata={
            "description": "Send me offers by e-mail. Offers go only to a confirmed address: "
            "a new address is sent a confirmation link."
        }
    )


class TokenRequestSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(max=64))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(max=PASSWORD_MAX_LENGTH)
    )


class TokenSchema(Schema):
    token = fields.String(
        required=True,
        metadata={"description": "Send it as Authorization: Bearer <token>. Shown only once."},
    )
    user = fields.Nested(UserSchema, required=True)

"""Checks at start: settings production must get right are refused or advised on at once,
with a message that says what to set, instead of failing later or quietly.
"""

from __future__ import annotations

import logging

from flask import Flask

from .money import currency_problem, locale_problem

log = logging.getLogger(__name__)
MIN_SECRET_KEY_LENGTH = 32


class SettingsError(RuntimeError):
    """A setting the shop cannot start with; the message says what to do."""


def check_settings(app: Flask) -> None:
    """Refuse settings that cannot work; advise on those that are unwise."""
    config = app.config
    problems = [
        problem
        for problem in (
            _secret_key_problem(config.get("SECRET_KEY"), _server_database(app)),
            currency_problem(config.get("PAYMENT_CURRENCY")),
            locale_problem(config.get("MONEY_LOCALE")),
        )
        if problem
    ]
    if problems:
        raise SettingsError(" ".join(problems))
    if _server_database(app) and not config.get("SESSION_COOKIE_SECURE") and not app.testing:
        log.warning(
            "SESSION_COOKIE_SECURE is off: behind HTTPS set "
            "STOREFRONT_SESSION_COOKIE_SECURE=true so the session cookie never travels in clear."
        )


def preflight(instance_path: str) -> str | None:
    """The settings' problems as the environment gives them, checked before any app is built
    (gunicorn's master asks this, so that it stops with the message instead of starting
    workers that cannot boot). None when the shop can start."""
    from .config import load_settings

    app = Flask("storefront", instance_path=instance_path)
    load_settings(app, None)
    try:
        check_settings(app)
    except SettingsError as error:
        return str(error)
    return None


def _server_database(app: Flask) -> bool:
    return not str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("sqlite")


def _secret_key_problem(key: object, server_database: bool) -> str | None:
    if not server_database:
        return None  # the embedded setup keeps a made-up key in the instance folder
    if not key:
        return (
            "SECRET_KEY is not set. With a database server every app process must share one "
            "long random key: set SECRET_KEY (for example from "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`)."
        )
    if len(str(key)) < MIN_SECRET_KEY_LENGTH:
        return (
            f"SECRET_KEY is {len(str(key))} characters long; use at least "
            f"{MIN_SECRET_KEY_LENGTH} random ones (for example "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`)."
        )
    return None

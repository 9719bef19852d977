"""Registering, logging in and out.

``bp`` is made here; ``routes`` registers the views on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import password_reset, routes  # noqa: E402, F401

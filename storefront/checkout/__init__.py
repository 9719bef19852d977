"""Checkout: the cart's lines, the card form, and buying; ``paying`` is shared with orders.

``bp`` is made here; ``routes`` registers the views on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("checkout", __name__)

from . import routes  # noqa: E402, F401

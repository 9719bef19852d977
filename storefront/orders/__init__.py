"""A customer's orders, and paying one that is still pending.

``bp`` is made here; ``routes`` registers the views on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("orders", __name__)

from . import routes  # noqa: E402, F401

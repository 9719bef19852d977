"""The cart page and its buttons; ``guest`` says which cart a visitor's session holds.

``bp`` is made here; ``routes`` registers the views on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("cart", __name__)

from . import routes  # noqa: E402, F401

"""The catalogue's pages: listings, product pages, store pages.

``bp`` is made here; ``routes`` registers the views on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from . import fragments, notify, routes  # noqa: E402, F401

"""The signed-in user's own profile.

``bp`` is made here; ``routes`` registers the views on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("account", __name__)

from . import addresses, mail_links, routes  # noqa: E402, F401

"""Product images' files, served by name with long-lived cache headers.

``bp`` is made here; ``routes`` registers its view on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("images", __name__, url_prefix="/images")

from . import routes  # noqa: E402, F401

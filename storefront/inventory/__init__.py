"""The warehouse feed's transports: the broker consumer, the signed webhook, the stand-in.

``bp`` is the webhook's blueprint, made here; ``routes`` registers its view when imported below.
"""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("inventory", __name__, url_prefix="/api/v1/inventory")
# The warehouse proves itself with a signature, not a session: no CSRF token to carry.
csrf.exempt(bp)

from . import routes  # noqa: E402, F401

"""The admin area: pages only admins may open, under /admin.

``bp`` is made here; each view module registers its pages on it when imported below.
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import (  # noqa: E402, F401
    campaign_views,
    catalogue_views,
    image_views,
    operations,
    order_views,
    report_views,
    routes,
    shipping_views,
    voucher_views,
)

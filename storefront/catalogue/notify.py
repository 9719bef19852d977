"""'Notify me when available' on an out-of-stock product's page."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..forms import ButtonForm
from ..services import back_in_stock, catalogue_lookups
from ..services.errors import ServiceError
from . import bp


def _product_id(slug: str) -> uuid.UUID:
    found = catalogue_lookups.product_with_available(slug)
    if found is None:
        abort(404, description="There is no product at this address.")
    return found[0].id


@bp.post("/products/<slug>/notify")
@login_required
def notify(slug: str) -> Response:
    product_id = _product_id(slug)
    if ButtonForm().validate_on_submit():
        try:
            back_in_stock.ask(current_user.id, product_id)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash("We will e-mail you once when it is available.", "success")
    return redirect(url_for("catalogue.product", slug=slug))


@bp.post("/products/<slug>/notify/cancel")
@login_required
def stop_notifying(slug: str) -> Response:
    product_id = _product_id(slug)
    if ButtonForm().validate_on_submit():
        back_in_stock.cancel(current_user.id, product_id)
        flash("We will not e-mail you about it.", "success")
    return redirect(url_for("catalogue.product", slug=slug))

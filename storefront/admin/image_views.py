"""Admin: a product's images, uploaded, ordered and removed from its edit page."""

from __future__ import annotations

import uuid

from flask import flash, redirect, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from ..rules import IMAGE_MAX_BYTES
from ..services import images
from ..services.errors import ServiceError
from ..services.image_files import ACCEPTED_TEXT
from . import bp
from .access import admin_required
from .forms import ImageForm

# A multipart body a little larger than the largest image taken: a larger one is refused
# before it is read, a smaller one gets the image service's own message.
UPLOAD_MAX_BODY = 2 * IMAGE_MAX_BYTES


def _back(product_id: uuid.UUID) -> Response:
    return redirect(url_for("admin.products_edit", product_id=product_id) + "#images")


@bp.post("/products/<uuid:product_id>/images")
@admin_required
def images_upload(product_id: uuid.UUID) -> Response:
    request.max_content_length = UPLOAD_MAX_BODY
    try:
        form = ImageForm()
        valid = form.validate_on_submit()
    except RequestEntityTooLarge:
        flash(f"The file is too large: {ACCEPTED_TEXT}", "error")
        return _back(product_id)
    if not valid:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return _back(product_id)
    try:
        images.add_image(product_id, form.image.data.read(), form.alt.data or "")
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("The image was added.", "success")
    return _back(product_id)


@bp.post("/products/<uuid:product_id>/images/<int:image_id>/delete")
@admin_required
def images_delete(product_id: uuid.UUID, image_id: int) -> Response:
    try:
        images.remove_image(product_id, image_id)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash("The image was removed.", "success")
    return _back(product_id)


@bp.post("/products/<uuid:product_id>/images/<int:image_id>/move")
@admin_required
def images_move(product_id: uuid.UUID, image_id: int) -> Response:
    offset = -1 if request.form.get("direction") == "up" else 1
    try:
        images.move_image(product_id, image_id, offset)
    except ServiceError as error:
        flash(error.message, "error")
    return _back(product_id)

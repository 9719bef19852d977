"""Admins add, order and remove a product's images; anyone may list them."""

from __future__ import annotations

import uuid
from typing import Any

from ...rules import IMAGE_MAX_BYTES
from ...services import catalogue_lookups, images
from ..auth import Access
from ..blueprint import ApiBlueprint, accepts_files
from ..errors import ApiError
from ..schemas.common import ErrorSchema
from ..schemas.images import ImageOrderSchema, ImageSchema, ImageUploadSchema

blp = ApiBlueprint(
    "product images",
    __name__,
    url_prefix="/api/v1",
    description="A product's pictures: listed by anyone, uploaded, ordered and removed by admins.",
)


def _product_images(product_id: uuid.UUID) -> list[Any]:
    if catalogue_lookups.get_product(product_id) is None:
        raise ApiError(404, "There is no such product.")
    return images.images_of(product_id)


@blp.route("/products/<uuid:product_id>/images", methods=["GET"])
@blp.access(Access.PUBLIC)
@blp.response(200, ImageSchema(many=True))
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="listProductImages")
def list_images(product_id: uuid.UUID) -> list[Any]:
    """A product's images, cover first"""
    return _product_images(product_id)


@blp.route("/products/<uuid:product_id>/images", methods=["POST"])
@accepts_files(max_body=2 * IMAGE_MAX_BYTES)
@blp.access(Access.ADMIN)
@blp.arguments(ImageUploadSchema, location="upload")
@blp.response(201, ImageSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT", description="The product has its most images.")
@blp.alt_response(413, schema=ErrorSchema, description="The body is larger than 20 MB.")
@blp.doc(operationId="uploadProductImage")
def upload_image(data: dict[str, Any], product_id: uuid.UUID) -> Any:
    """Add an image (multipart/form-data: `image`, and `alt`)

    JPEG, PNG or WebP, at most 10 MB and 40 million pixels. It is turned upright by its
    EXIF orientation, stripped of its metadata and stored as WebP copies 320, 640, 800 and
    1600 pixels wide (none wider than the image). Anything else is refused with 422 and
    a message saying why; nothing is stored then.
    """
    return images.add_image(product_id, data["image"].read(), data["alt"])


@blp.route("/products/<uuid:product_id>/images/order", methods=["PUT"])
@blp.access(Access.ADMIN)
@blp.arguments(ImageOrderSchema)
@blp.response(200, ImageSchema(many=True))
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="orderProductImages")
def order_images(data: dict[str, Any], product_id: uuid.UUID) -> list[Any]:
    """Put the product's images in a new order; the first is its cover"""
    return images.reorder_images(product_id, data["image_ids"])


@blp.route("/products/<uuid:product_id>/images/<int:image_id>", methods=["DELETE"])
@blp.access(Access.ADMIN)
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="deleteProductImage")
def delete_image(product_id: uuid.UUID, image_id: int) -> None:
    """Remove one image from the product"""
    images.remove_image(product_id, image_id)

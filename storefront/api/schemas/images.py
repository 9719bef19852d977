"""A product's images as the API shows them, and what it takes to add or order them."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from ...rules import IMAGE_ALT_MAX_LENGTH, IMAGES_PER_PRODUCT


def file_url(name: str) -> str:
    """The address of a stored image file."""
    return url_for("images.file", name=name)


class ImageFileSchema(Schema):
    url = fields.String(required=True, metadata={"example": "/images/0123abcd...-320.webp"})
    width = fields.Integer(required=True)
    height = fields.Integer(required=True)


class ImageSchema(Schema):
    id = fields.Integer(required=True)
    position = fields.Integer(required=True, metadata={"description": "0 is the cover."})
    alt = fields.String(required=True)
    width = fields.Integer(required=True, metadata={"description": "The image's own width."})
    height = fields.Integer(required=True)
    files = fields.Method(
        "_files",
        required=True,
        metadata={
            "description": "WebP copies, narrowest first; addresses never change meaning "
            "and may be cached for a year.",
            "type": "array",
            "items": {"$ref": "#/components/schemas/ImageFile"},
        },
    )

    def _files(self, image: Any) -> list[dict[str, Any]]:
        return [
            {"url": file_url(name), "width": width, "height": height}
            for name, width, height in image.sizes()
        ]


class ImageUploadSchema(Schema):
    image = Upload(required=True, metadata={"description": "JPEG, PNG or WebP, at most 10 MB."})
    alt = fields.String(
        load_default="",
        validate=validate.Length(max=IMAGE_ALT_MAX_LENGTH),
        metadata={"description": "What the picture shows; the product's name when empty."},
    )


class ImageOrderSchema(Schema):
    image_ids = fields.List(
        fields.Integer(strict=True),
        required=True,
        validate=validate.Length(max=IMAGES_PER_PRODUCT),
        metadata={
            "description": "Every one of the product's image ids, in the new order.",
            "example": [2, 1],
        },
    )

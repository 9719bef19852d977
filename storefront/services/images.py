"""A product's images: adding (from an upload), removing, ordering, and the files they serve.

The slow part, decoding and resizing, happens before any transaction (``image_files``);
its files are saved under content-derived names, then one short write transaction adds the
row with the product's row locked, so that two uploads to one product get distinct
positions. The first image is the product's cover (``products.cover_image_id``), which
listings read with the product in the same statement.
"""

from __future__ import annotations

import uuid

from sqlalchemy import exists, func, select

from ..database import write_transaction
from ..extensions import db
from ..models import Product, ProductImage
from ..rules import IMAGE_ALT_MAX_LENGTH, IMAGES_PER_PRODUCT
from . import stock
from .errors import Conflict, InvalidInput, NotFound
from .image_files import prepare
from .image_storage import storage


class ProductNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such product.")


class ImageNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("This product has no such image.")


class TooManyImages(Conflict):
    def __init__(self) -> None:
        super().__init__(f"A product has at most {IMAGES_PER_PRODUCT} images: remove one first.")


def images_of(product_id: uuid.UUID) -> list[ProductImage]:
    """The product's images in their order."""
    return list(
        db.session.scalars(
            select(ProductImage)
            .where(ProductImage.product_id == product_id)
            .order_by(ProductImage.position, ProductImage.id)
        )
    )


def images_by_product(product_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[ProductImage]]:
    """Each product's images in order, for many products in one statement."""
    found: dict[uuid.UUID, list[ProductImage]] = {product_id: [] for product_id in product_ids}
    if product_ids:
        for image in db.session.scalars(
            select(ProductImage)
            .where(ProductImage.product_id.in_(product_ids))
            .order_by(ProductImage.position, ProductImage.id)
        ):
            found[image.product_id].append(image)
    return found


def add_image(product_id: uuid.UUID, data: bytes, alt: str = "") -> ProductImage:
    """Check, resize and store an uploaded image as the product's last one."""
    alt = " ".join((alt or "").split())
    if len(alt) > IMAGE_ALT_MAX_LENGTH:
        raise InvalidInput({"alt": f"Alt text has at most {IMAGE_ALT_MAX_LENGTH} characters."})
    if db.session.get(Product, product_id) is None:
        raise ProductNotFound()
    db.session.rollback()  # no read transaction held open while the image is worked on
    prepared = prepare(data)
    files = storage()
    for name, content in prepared.files.items():
        files.save(name, content)
    with write_transaction() as session:
        product = stock.lock_product(product_id)
        if product is None:
            raise ProductNotFound()
        count, last = session.execute(
            select(func.count(), func.max(ProductImage.position)).where(
                ProductImage.product_id == product_id
            )
        ).one()
        if count >= IMAGES_PER_PRODUCT:
            raise TooManyImages()
        image = ProductImage(
            product_id=product_id,
            key=prepared.key,
            position=(last + 1) if last is not None else 0,
            alt=alt or product.name,
            width=prepared.width,
            height=prepared.height,
            widths=" ".join(map(str, prepared.widths)),
        )
        session.add(image)
        session.flush()
        if product.cover_image_id is None:
            product.cover_image_id = image.id
    return image


def remove_image(product_id: uuid.UUID, image_id: int) -> None:
    """Take the image off the product (its files go once no product shows them)."""
    with write_transaction() as session:
        if stock.lock_product(product_id) is None:
            raise ProductNotFound()
        image = session.get(ProductImage, image_id)
        if image is None or image.product_id != product_id:
            raise ImageNotFound()
        key, names = image.key, [name for name, _w, _h in image.sizes()]
        session.delete(image)
        session.flush()
        _renumber(product_id, [i.id for i in images_of(product_id)])
    if not db.session.scalar(select(exists().where(ProductImage.key == key))):
        for name in names:
            storage().delete(name)


def reorder_images(product_id: uuid.UUID, image_ids: list[int]) -> list[ProductImage]:
    """Put the product's images in this order (every one of them, each once); first is cover."""
    with write_transaction():
        if stock.lock_product(product_id) is None:
            raise ProductNotFound()
        current = {image.id for image in images_of(product_id)}
        if len(image_ids) != len(set(image_ids)) or set(image_ids) != current:
            raise InvalidInput(
                {"image_ids": "Name each of the product's images once: " + _ids(current)}
            )
        _renumber(product_id, image_ids)
    return images_of(product_id)


def move_image(product_id: uuid.UUID, image_id: int, offset: int) -> list[ProductImage]:
    """Move one image ``offset`` places earlier (negative) or later in the order."""
    order = [image.id for image in images_of(product_id)]
    if image_id not in order:
        raise ImageNotFound()
    at = order.index(image_id)
    order.insert(max(0, min(len(order) - 1, at + offset)), order.pop(at))
    return reorder_images(product_id, order)


def _renumber(product_id: uuid.UUID, image_ids: list[int]) -> None:
    """Positions 0, 1, 2... in this order; the first becomes the product's cover."""
    for position, image_id in enumerate(image_ids):
        db.session.get(ProductImage, image_id).position = position
    product = db.session.get(Product, product_id)
    product.cover_image_id = image_ids[0] if image_ids else None


def _ids(ids: set[int]) -> str:
    return ", ".join(map(str, sorted(ids))) or "(none)"


def image_file(name: str) -> bytes | None:
    """A stored image file by name, or None."""
    return storage().read(name)

"""Product images (SPEC 10): uploaded on the admin's product page, checked and stripped by
Pillow, stored as WebP copies under content names, shown on cards and pages."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from storefront.models import ProductImage
from storefront.services import image_storage, images
from tests import factories, image_files
from tests.helpers import PASSWORD, csrf_token, text_of


@pytest.fixture
def admin(app, client):
    with app.app_context():
        from storefront.services import accounts

        accounts.register("boss", PASSWORD, is_admin=True)
    from tests.helpers import AuthActions

    AuthActions(client).login("boss")
    return client


@pytest.fixture
def product(ctx):
    return factories.product("Les Paul Standard", brand=factories.brand("Gibson"), stock=4)


def upload(client, product, data: bytes, filename: str = "photo.jpg", alt: str = ""):
    page = f"/admin/products/{product.id}"
    token = csrf_token(client, page)
    return client.post(
        f"{page}/images",
        data={"csrf_token": token, "alt": alt, "image": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def stored_files(app) -> list[str]:
    with app.app_context():
        root = image_storage.storage().root
    return sorted(p.name for p in root.rglob("*.webp")) if root.exists() else []


def test_an_admin_uploads_an_image_and_it_shows_on_card_and_page(app, admin, product):
    page = text_of(upload(admin, product, image_files.jpeg(), alt="A cherry sunburst Les Paul"))
    assert "The image was added." in page
    names = stored_files(app)
    assert [re.sub("^[0-9a-f]{32}", "", n) for n in names] == [
        "-1200.webp",
        "-320.webp",
        "-640.webp",
        "-800.webp",
    ]
    card = text_of(admin.get("/products"))
    assert 'alt="A cherry sunburst Les Paul"' in card
    img = re.search(r"<img [^>]*product-image-card[^>]*>", card).group(0)
    assert 'width="320" height="240"' in img
    assert "-320.webp 320w" in img
    assert "-640.webp 640w" in img
    shown = text_of(admin.get("/products/gibson-les-paul-standard"))
    assert "-800.webp 800w" in shown
    src = re.search(r'src="(/images/[^"]+)"', shown).group(1)
    served = admin.get(src)
    assert served.status_code == 200
    assert served.mimetype == "image/webp"
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_photo_is_turned_upright_and_its_metadata_dropped(app, ctx, product):
    image = images.add_image(product.id, image_files.jpeg(1200, 900, orientation=6))
    assert (image.width, image.height) == (900, 1200)  # turned a quarter, as the camera said
    for name, width, height in image.sizes():
        with Image.open(io.BytesIO(images.image_file(name))) as stored:
            assert stored.format == "WEBP"
            assert stored.size == (width, height)
            assert not stored.getexif()
            assert "exif" not in stored.info
            assert "xmp" not in stored.info
            assert "icc_profile" not in stored.info


BAD_FILES = [
    ("photo.jpg", image_files.TEXT, "not an image"),
    ("drawing.svg", image_files.SVG, "not an image"),
    ("cut.jpg", image_files.truncated_jpeg(), "truncated or damaged"),
    ("bomb.png", image_files.png_bomb(), "too many pixels (at most 40 million)"),
    ("moving.gif", image_files.gif(), "GIF images are not taken"),
    ("huge.jpg", image_files.FIFTEEN_MB, "15.0 MB"),
]


@pytest.mark.parametrize(("filename", "data", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_bad_files_are_refused_with_a_reason_and_nothing_stored(
    app, admin, product, filename, data, message
):
    page = text_of(upload(admin, product, data, filename))
    assert message in page
    assert "The image was added." not in page
    assert stored_files(app) == []
    with app.app_context():
        assert images.images_of(product.id) == []


def test_order_and_removal_keep_the_cover_first(app, ctx, product):
    first = images.add_image(product.id, image_files.jpeg(), "first")
    second = images.add_image(product.id, image_files.png(), "second")
    assert [i.alt for i in images.images_of(product.id)] == ["first", "second"]
    images.reorder_images(product.id, [second.id, first.id])
    assert [i.alt for i in images.images_of(product.id)] == ["second", "first"]
    assert (
        ctx.extensions["sqlalchemy"].session.get(type(product), product.id).cover_image_id
        == second.id
    )
    images.remove_image(product.id, second.id)
    assert [i.position for i in images.images_of(product.id)] == [0]
    names = {name for name, _w, _h in first.sizes()}
    assert set(stored_files(app)) == names  # the removed image's files are gone


def test_the_same_file_twice_is_stored_once(app, ctx, product):
    other = factories.product("SG Standard")
    a = images.add_image(product.id, image_files.png())
    b = images.add_image(other.id, image_files.png())
    assert a.key == b.key
    images.remove_image(product.id, a.id)
    assert len(stored_files(app)) == 2  # still shown by the other product (320 and 400)
    assert ctx.extensions["sqlalchemy"].session.query(ProductImage).count() == 1


def test_a_product_without_an_image_shows_a_placeholder(client, product):
    page = text_of(client.get("/products"))
    assert "image-placeholder" in page
    assert "<img" not in page.split("<main")[1]


def test_unknown_image_names_answer_404(client):
    assert client.get("/images/" + "0" * 32 + "-320.webp").status_code == 404
    assert client.get("/images/..%2Finstance%2Fsecret_key").status_code == 404


def test_demo_pictures_are_distinct_and_stored_like_uploads(app, ctx):
    from storefront.demo import pictures

    gibson = factories.brand("Gibson")
    for name in ("SG Standard", "Flying V"):
        factories.product(name, brand=gibson, category=factories.category(f"{name} guitars"))
    assert pictures.without_picture() == 2
    assert pictures.seed_pictures() == 2
    keys = {i.key for i in ctx.extensions["sqlalchemy"].session.query(ProductImage)}
    assert len(keys) == 2
    assert pictures.without_picture() == 0
    assert len(stored_files(app)) == 4  # 320 and 640 wide, each

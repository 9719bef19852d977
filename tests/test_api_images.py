"""The API's product images: multipart upload, list, order, delete; the product JSON's images."""

from __future__ import annotations

import io

from tests import image_files
from tests.api_helpers import error_of


def upload(caller, product_id, data: bytes, alt: str = "", filename: str = "photo.jpg"):
    return caller.call(
        "POST",
        f"/products/{product_id}/images",
        data={"image": (io.BytesIO(data), filename), "alt": alt},
        content_type="multipart/form-data",
    )


def test_upload_order_and_delete(api, shop):
    product = shop.product("Telecaster")
    first = upload(shop.admin, product["id"], image_files.jpeg(), "Front")
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert (body["alt"], body["width"], body["height"], body["position"]) == ("Front", 1200, 900, 0)
    assert [f["width"] for f in body["files"]] == [320, 640, 800, 1200]
    assert body["files"][0]["height"] == 240
    second = upload(shop.admin, product["id"], image_files.png(), "Back").get_json()

    listed = api.anonymous.ok("GET", "/products")["items"][0]["images"]
    assert [i["alt"] for i in listed] == ["Front", "Back"]
    served = api.anonymous.client.get(listed[0]["files"][0]["url"])
    assert served.status_code == 200
    assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    ordered = shop.admin.ok(
        "PUT", f"/products/{product['id']}/images/order", {"image_ids": [second["id"], body["id"]]}
    )
    assert [i["alt"] for i in ordered] == ["Back", "Front"]
    got = api.anonymous.ok("GET", f"/products/{product['id']}")
    assert [i["alt"] for i in got["images"]] == ["Back", "Front"]
    assert shop.admin.delete(f"/products/{product['id']}/images/{second['id']}").status_code == 204
    assert [i["alt"] for i in api.anonymous.ok("GET", f"/products/{product['id']}/images")] == [
        "Front"
    ]


def test_bad_uploads_are_refused_and_nothing_is_added(api, shop):
    product = shop.product("Telecaster")
    for data, filename in [
        (image_files.TEXT, "photo.jpg"),
        (image_files.SVG, "x.svg"),
        (image_files.gif(), "x.gif"),
        (image_files.truncated_jpeg(), "cut.jpg"),
        (image_files.png_bomb(), "bomb.png"),
        (image_files.FIFTEEN_MB, "huge.jpg"),
    ]:
        error = error_of(upload(shop.admin, product["id"], data, filename=filename), 422)
        assert error["fields"]["image"], filename
    assert api.anonymous.ok("GET", f"/products/{product['id']}/images") == []


def test_who_may_upload_and_what_must_be_sent(api, shop):
    product = shop.product("Telecaster")
    customer = api.customer()
    assert upload(customer, product["id"], image_files.jpeg()).status_code == 403
    assert upload(api.anonymous, product["id"], image_files.jpeg()).status_code == 401
    as_json = shop.admin.post(f"/products/{product['id']}/images", {"image": "x"})
    assert error_of(as_json, 422)["fields"]["image"]
    no_file = shop.admin.call(
        "POST",
        f"/products/{product['id']}/images",
        data={"alt": "x"},
        content_type="multipart/form-data",
    )
    assert error_of(no_file, 422)["fields"]
    missing = "00000000-0000-4000-8000-000000000000"
    assert upload(shop.admin, missing, image_files.jpeg()).status_code == 404
    bad_order = shop.admin.put(f"/products/{product['id']}/images/order", {"image_ids": [7]})
    assert error_of(bad_order, 422)["fields"]["image_ids"]
    assert shop.admin.delete(f"/products/{product['id']}/images/99").status_code == 404

"""Image files for the tests, made in memory: good ones, and each kind the shop refuses."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def jpeg(width: int = 1200, height: int = 900, *, orientation: int | None = None) -> bytes:
    """A photo-like JPEG; with ``orientation`` an EXIF tag (6: turn it 90° clockwise), a
    camera model and GPS data, as a phone would write."""
    picture = Image.new("RGB", (width, height), (200, 40, 40))
    picture.paste((20, 20, 200), (0, 0, width // 2, height // 2))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation  # Orientation
        exif[0x0110] = "Pocket Camera 3000"  # Model
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS IFD
    picture.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def png(width: int = 400, height: int = 300, mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (10, 120, 10, 128) if mode == "RGBA" else 90).save(out, "PNG")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (50, 50)).save(out, "GIF")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(side: int = 20_000) -> bytes:
    """A PNG that says it is ``side`` x ``side`` pixels and inflates to hundreds of MB."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\0" * (side + 1) * 64, 9)  # the first rows; enough to look real
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    whole = jpeg(800, 600)
    return whole[: len(whole) // 2]


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
TEXT = b"Just some words in a file called photo.jpg\n"
FIFTEEN_MB = b"\xff\xd8\xff\xe0" + b"\0" * (15 * 1024 * 1024)

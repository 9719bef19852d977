"""Where image files live: one small interface, and the folder that implements it by default.

A deployment may put the files elsewhere (an object store, a CDN's origin) by giving the app
another ``ImageStorage`` as ``app.extensions["image_storage"]``; the shop only ever saves,
reads and deletes files by name. Names are made from the file's content, so a name is
written once and never changes meaning.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app

# What a stored file may be called: a content hash, a width, WebP.
NAME = re.compile(r"[0-9a-f]{32}-[0-9]{1,5}\.webp")


class ImageStorage(Protocol):
    """Saves, reads and deletes image files by name."""

    def save(self, name: str, data: bytes) -> None: ...

    def read(self, name: str) -> bytes | None: ...

    def delete(self, name: str) -> None: ...


class FolderStorage:
    """Files in one folder (by default ``instance/images``), each written whole or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        if not NAME.fullmatch(name):
            raise ValueError(f"not an image file name: {name!r}")
        return self.root / name[:2] / name

    def save(self, name: str, data: bytes) -> None:
        path = self._path(name)
        if path.exists():
            return  # the same name is the same content
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)

    def read(self, name: str) -> bytes | None:
        if not NAME.fullmatch(name):
            return None
        try:
            return self._path(name).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)


def storage() -> ImageStorage:
    """The app's image storage: ``app.extensions["image_storage"]``, else the folder."""
    found = current_app.extensions.get("image_storage")
    if found is None:
        folder = current_app.config.get("IMAGE_FOLDER") or Path(current_app.instance_path, "images")
        found = current_app.extensions["image_storage"] = FolderStorage(Path(folder))
    return found

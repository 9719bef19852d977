"""The migrations form one line: numbered files, one revision each, each after the last."""

from __future__ import annotations

import re
from pathlib import Path

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def _revisions() -> list[tuple[str, str, str | None]]:
    found = []
    for path in sorted(VERSIONS.glob("*.py")):
        text = path.read_text()
        revision = re.search(r'^revision = "([^"]+)"', text, re.M)
        down = re.search(r'^down_revision = (?:"([^"]+)"|None)', text, re.M)
        assert revision, path.name
        assert down, path.name
        found.append((path.name, revision.group(1), down.group(1)))
    return found


def test_each_file_is_numbered_by_its_revision_and_follows_the_one_before():
    previous = None
    for name, revision, down in _revisions():
        assert name.startswith(f"{revision}_"), f"{name} holds revision {revision}"
        assert down == previous, f"{name} follows {down}, not {previous}"
        previous = revision

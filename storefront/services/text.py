"""Text every database the shop runs on can store and compare, and the rule for names."""

from __future__ import annotations

import re
import unicodedata

NOT_STORABLE = "contains characters that are not allowed."
# C0 controls (tab and newline among them), DEL and C1 controls: never part of a name.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# The same for the OpenAPI document's patterns, where ``\x`` escapes read the same.
NO_CONTROL_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
# Text that must hold something (it is stripped first), and text that may be empty: for the
# OpenAPI document, where NUL is what ``storable`` refuses.
REQUIRED_TEXT_PATTERN = r"^[^\x00]*[^\x00\s][^\x00]*$"
OPTIONAL_TEXT_PATTERN = r"^[^\x00]*$"
# A name: as above, and something besides spaces (names are stripped, and none is empty).
NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f\s][^\x00-\x1f\x7f-\x9f]*$"


def storable(text: str | None) -> bool:
    """Whether ``text`` can go to the database: no NUL (PostgreSQL refuses it) and no lone
    surrogate (no database's encoding holds one)."""
    if not text:
        return True
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_name(text: str | None) -> str:
    """A name as it is kept: NFC-normalised (one way to write each letter) and stripped."""
    text = (text or "").strip()
    if not storable(text):
        return text  # the checks refuse it; normalising could not repair it
    return unicodedata.normalize("NFC", text).strip()


def name_ok(text: str | None) -> bool:
    """Whether ``text`` can be a name: storable, and no control characters."""
    return storable(text) and not CONTROL.search(text or "")

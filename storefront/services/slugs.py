"""URL slugs made from names."""

from __future__ import annotations

import re
import unicodedata

from ..rules import SLUG_MAX_LENGTH

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A lower-case, hyphenated form of ``text`` fit for a URL."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_WORD.sub("-", ascii_text.lower().replace("&", " and ").replace("+", " plus "))
    return slug.strip("-")[:max_length].rstrip("-") or "item"

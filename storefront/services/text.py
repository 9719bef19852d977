"""Text every database the shop runs on can store and compare."""

from __future__ import annotations

NOT_STORABLE = "contains characters that are not allowed."


def storable(text: str | None) -> bool:
    """Whether ``text`` can go to the database: PostgreSQL refuses the NUL character."""
    return "\x00" not in (text or "")

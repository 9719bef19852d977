"""Money as text: whole cents shown as dollars with two decimals, by integer arithmetic.

The lowest floor: nothing of the shop's is imported here, so the templates' filter and
macro, the JSON API and the payment code all format money with ``format_cents``.
"""

from __future__ import annotations

import re


def format_cents(cents: int, *, symbol: str = "", grouped: bool = False) -> str:
    """``cents`` as dollars with two decimals: ``"1299.00"``, or ``"$1,299.00"`` with options."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    digits = f"{whole:,}" if grouped else str(whole)
    return f"{sign}{symbol}{digits}.{part:02d}"


def dollars(cents: int) -> str:
    """Money as the site shows it: ``$1,299.00``."""
    return format_cents(cents, symbol="$", grouped=True)


def amount_text(cents: int) -> str:
    """Money as the payment provider and the JSON API read it: ``"1299.00"``."""
    return format_cents(cents)


# An amount as people and scripts type it: plain ASCII digits, at most two decimals, nothing
# around it (no exponent, no sign, no digits of other scripts, no trailing newline).
AMOUNT_PATTERN = r"[0-9]{1,7}(?:\.[0-9]{1,2})?"
_AMOUNT = re.compile(AMOUNT_PATTERN, re.ASCII)


def parse_amount(text: object) -> int | None:
    """``"12.5"`` as ``1250`` cents; None for anything that is not a plain amount."""
    if not isinstance(text, str) or not _AMOUNT.fullmatch(text):
        return None
    whole, _, part = text.partition(".")
    return int(whole) * 100 + int(part.ljust(2, "0"))

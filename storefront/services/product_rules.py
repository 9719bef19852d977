"""Rules a product's own values must follow, wherever they come from (SPEC section 2)."""

from __future__ import annotations

import re

PRODUCT_NAME_MAX_LENGTH = 120
PRODUCT_NAME_PATTERN = re.compile(r"[A-Za-z0-9 \-.'/&+()#]{1,120}")
PRODUCT_NAME_RULE = "1 to 120 characters: Latin letters, digits, spaces and - . ' / & + ( ) #."
# Cents must fit the database's 32-bit integer column.
MAX_CENTS = 2**31 - 1
MAX_STOCK = 2**31 - 1
# Brands', categories' and stores' ids are 32-bit integers too: a larger number names nothing
# (and asking the database for it would fail instead of finding nothing).
MAX_ID = 2**31 - 1


def is_id(value: object) -> bool:
    """Whether ``value`` could be a brand's, category's or store's id."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def product_name_problem(name: str) -> str | None:
    """What is wrong with a product name, or None."""
    if not name.strip() or not PRODUCT_NAME_PATTERN.fullmatch(name):
        return "Product name must be " + PRODUCT_NAME_RULE
    return None

"""Limits and rules on the shop's values, wherever they come from (SPEC section 2).

The lowest floor: this module imports nothing of the shop's, so that models (column
lengths), services (checks), forms, API schemas and templates can all state a limit from
its one home here.
"""

from __future__ import annotations

import re

# Brands, categories and stores.
NAME_MAX_LENGTH = 80
SLUG_MAX_LENGTH = 100  # also the most a slug typed by an admin may have, for products too

# Products.
PRODUCT_NAME_MAX_LENGTH = 120
PRODUCT_SLUG_MAX_LENGTH = 160
DESCRIPTION_MAX_LENGTH = 5000  # a product's or a store's
_PRODUCT_NAME_MARKS = r"\-.'/&+()#"
PRODUCT_NAME_PATTERN = re.compile(
    rf"[A-Za-z0-9 {_PRODUCT_NAME_MARKS}]{{1,{PRODUCT_NAME_MAX_LENGTH}}}"
)
# The same for the OpenAPI document, as typed (names are stripped first): not only spaces.
PRODUCT_NAME_TYPED_PATTERN = (
    rf"^[A-Za-z0-9 {_PRODUCT_NAME_MARKS}]*[A-Za-z0-9{_PRODUCT_NAME_MARKS}]"
    rf"[A-Za-z0-9 {_PRODUCT_NAME_MARKS}]*$"
)
PRODUCT_NAME_RULE = (
    f"1 to {PRODUCT_NAME_MAX_LENGTH} characters: Latin letters, digits, spaces and "
    "- . ' / & + ( ) #."
)

# Carts: the most units of one product a cart line may hold, and the most different products
# a cart (or an order) may hold: the defaults of the settings CART_MAX_QUANTITY and
# CART_MAX_LINES (config.py says the same numbers; services read the settings). MAX_QUANTITY
# is also what "available" says of a product whose stock is not tracked: nothing is counted.
MAX_QUANTITY = 1000
MAX_LINES = 100

# Users.
USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = 32
USER_NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254

# An order's life: what an admin types when shipping, and the reason given for a change.
CARRIER_MAX_LENGTH = 60
TRACKING_MAX_LENGTH = 80
REASON_MAX_LENGTH = 500

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


# Addresses (SPEC 8): what a customer's address book and an order's copy hold.
ADDRESS_NAME_MAX_LENGTH = 120  # full name
ADDRESS_LINE_MAX_LENGTH = 120  # line 1 and line 2
CITY_MAX_LENGTH = 80
POSTAL_CODE_MAX_LENGTH = 16
PHONE_MAX_LENGTH = 32
MAX_ADDRESSES = 20  # saved in one customer's address book

# Shipping methods.
SHIPPING_NAME_MAX_LENGTH = 80


def shipping_price(price_cents: int, free_from_cents: int | None, subtotal_cents: int) -> int:
    """What a shipping method costs for lines that come to ``subtotal_cents``: free from its
    "free from" amount on."""
    if free_from_cents is not None and subtotal_cents >= free_from_cents:
        return 0
    return price_cents


# Vouchers.
VOUCHER_CODE_MAX_LENGTH = 40
VOUCHER_CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,40}")
VOUCHER_CODE_RULE = "3 to 40 characters: Latin letters, digits, - and _."
VOUCHER_KINDS = ("percent", "amount")
MAX_VOUCHER_BATCH = 1000

# Campaigns (SPEC 9): whom they target, and the bounds of what an admin may ask for.
CAMPAIGN_TARGETS = ("removed", "abandoned")  # took the products out; left them in a cart
CAMPAIGN_MAX_PRODUCTS = 100
CAMPAIGN_MAX_VALID_DAYS = 365
CAMPAIGN_MAX_HOLD_OUT = 90  # per cent: at least a tenth of the target gets its voucher
CAMPAIGN_MAX_CUSTOMERS = 10_000  # reached by one campaign, all in one transaction
CAMPAIGN_NAME_MAX_LENGTH = 200

# Search (SPEC 10): the longest query read, and the most words of it that count.
SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8

# Product images (SPEC 10): the largest upload, in bytes and in pixels (a decompression bomb
# is refused from its header), the alt text's length, and how many one product may have.
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_ALT_MAX_LENGTH = 200
IMAGES_PER_PRODUCT = 10

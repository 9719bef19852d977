"""Money as text, from whole cents, in one place: for the pages, the JSON API, the e-mails
and the payment provider.

The lowest floor: nothing of the shop's is imported here. Pages and e-mails show money with
``format_money`` (Babel: the configured currency in the configured locale's way, ``$1,299.00``
or ``1.299,00 €``); the JSON API and the payment provider read ``amount_text``
(``"1299.00"``, with the currency named beside it).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision, list_currencies

DEFAULT_CURRENCY = "USD"
DEFAULT_LOCALE = "en_US"
# Prices are kept in hundredths: only currencies with two decimal places fit.
MINOR_DIGITS = 2


# Babel takes tens of microseconds per amount and a listing shows dozens: the amounts last
# written are kept (prices repeat across products and pages).
@lru_cache(maxsize=8192)
def format_money(cents: int, currency: str = DEFAULT_CURRENCY, locale: str = DEFAULT_LOCALE) -> str:
    """``cents`` of ``currency`` as people in ``locale`` write it: ``$1,299.00``, ``1.299,00 €``."""
    return format_currency(Decimal(cents).scaleb(-MINOR_DIGITS), currency, locale=locale)


def amount_text(cents: int) -> str:
    """Money as the payment provider and the JSON API read it: ``"1299.00"``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def currency_problem(currency: object) -> str | None:
    """Why ``currency`` cannot be the shop's, or None when it can."""
    if not isinstance(currency, str) or currency not in list_currencies():
        return f"PAYMENT_CURRENCY={currency!r} is not an ISO 4217 currency code such as USD or EUR."
    if get_currency_precision(currency) != MINOR_DIGITS:
        return (
            f"PAYMENT_CURRENCY={currency} has {get_currency_precision(currency)} decimal places; "
            f"prices are kept in hundredths, so only currencies with {MINOR_DIGITS} fit."
        )
    return None


def locale_problem(locale: object) -> str | None:
    """Why ``locale`` cannot format the shop's money, or None when it can."""
    try:
        Locale.parse(str(locale))
    except (UnknownLocaleError, ValueError, TypeError):
        return f"MONEY_LOCALE={locale!r} is not a known locale such as en_US or de_DE."
    return None


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


# Discounts. The one rounding rule of the shop, in integer cents:
# - a percentage takes, from each line it applies to, the line's total times the
#   percentage, rounded half up to a whole cent (12.5 % of 1.00 is 0.13; of 0.03, 0.00);
# - an amount (never more than the lines it applies to cost) is shared out over those
#   lines in proportion to their totals: each share rounded down, then the cents left
#   over go one by one to the lines with the largest remainders (the earlier line first
#   on a tie), so the shares add up to the amount exactly;
# - so no line's discount is ever more than the line, and the order's discount is the
#   sum of its lines' discounts. Percentages are kept in hundredths of a per cent.
PERCENT_SCALE = 10_000  # 100 % in hundredths of a per cent


def percent_of(cents: int, hundredths: int) -> int:
    """``hundredths`` / 100 per cent of ``cents``, rounded half up to a whole cent."""
    return min(cents, (cents * hundredths + PERCENT_SCALE // 2) // PERCENT_SCALE)


def paid_share(paid: int, units: int, quantity: int) -> int:
    """What ``quantity`` of a line's ``units`` were paid of its ``paid`` cents (rounded down,
    so refunds of a discounted line never give back more than was paid for it)."""
    return paid * quantity // units if units > 0 else 0


def share_out(amount: int, totals: list[int]) -> list[int]:
    """``amount`` (capped at their sum) shared over ``totals`` in proportion, exactly."""
    whole = sum(totals)
    amount = min(amount, whole)
    if whole <= 0 or amount <= 0:
        return [0 for _ in totals]
    shares = [amount * total // whole for total in totals]
    remainders = [amount * total % whole for total in totals]
    left = amount - sum(shares)
    for index in sorted(range(len(totals)), key=lambda i: (-remainders[i], i))[:left]:
        shares[index] += 1
    return shares

"""A payment card, only ever held in memory for the length of one payment.

Nothing here logs, stores or prints a card number or CVV: ``Card``'s repr shows
only the name, the brand and the last four digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

NAME_MAX = 100
CARD_DIGITS = 16
_DIGITS_ONLY = re.compile(r"[0-9]+")
# MMYY, MM/YY or MM / YY, as people type it; kept as MMYY.
_EXPIRY = re.compile(r"([0-9]{2}) *(?:/ *)?([0-9]{2})")
EXPIRY_HINT_SHORT = "MMYY, MM/YY or MM / YY"
EXPIRY_HINT = f"{EXPIRY_HINT_SHORT}, for example 07/30."
EXPIRY_MAX_LENGTH = len("07 / 30")
_CVV = re.compile(r"[0-9]{3}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The rules above as patterns for the OpenAPI document (each value is stripped first). What
# no pattern says: the number passes the Luhn check, and the expiry is not in the past.
NUMBER_PATTERN = rf"^\s*(?:[0-9] *){{{CARD_DIGITS - 1}}}[0-9]\s*$"
EXPIRY_PATTERN = r"^\s*(?:0[1-9]|1[0-2]) *(?:/ *)?[0-9]{2}\s*$"
CVV_PATTERN = r"^\s*[0-9]{3}\s*$"
NAME_PATTERN = r"^\s*[^\x00-\x1f\x7f]*[^\x00-\x1f\x7f\s][^\x00-\x1f\x7f]*\s*$"


class InvalidCard(ValueError):
    """Card details as typed that cannot be used; ``fields`` says what is wrong with each."""

    def __init__(
        self, fields: dict[str, str], message: str = "Please check the card details."
    ) -> None:
        super().__init__(message)
        self.fields = fields
        self.message = message


@dataclass(frozen=True, repr=False)
class Card:
    name: str
    number: str  # 16 digits, no spaces
    expiry: str  # MMYY
    cvv: str

    @property
    def last4(self) -> str:
        """The last four digits, the only part of the number that may be kept or shown."""
        return self.number[-4:]

    @property
    def brand(self) -> str:
        """The card network, as far as the number's first digits tell."""
        return card_brand(self.number)

    def __repr__(self) -> str:
        return f"Card(name={self.name!r}, brand={self.brand!r}, last4={self.last4!r})"

    __str__ = __repr__


def card_brand(number: str) -> str:
    """Visa, Mastercard, or plain "Card" when the number's prefix is neither."""
    if number.startswith("4"):
        return "Visa"
    prefix = number[:4]
    if _DIGITS_ONLY.fullmatch(prefix) and len(prefix) == 4:
        two, four = int(prefix[:2]), int(prefix)
        if 51 <= two <= 55 or 2221 <= four <= 2720:
            return "Mastercard"
    return "Card"


def luhn_valid(number: str) -> bool:
    """Whether a string of digits passes the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def parse_card(
    name: str | None,
    number: str | None,
    expiry: str | None,
    cvv: str | None,
    *,
    today: date | None = None,
) -> Card:
    """Check card details as typed and return the card; ``InvalidCard`` names each bad field."""
    errors: dict[str, str] = {}
    clean_name = (name or "").strip()
    if not clean_name:
        errors["name"] = "Enter the name on the card."
    elif len(clean_name) > NAME_MAX:
        errors["name"] = f"The name on the card must be at most {NAME_MAX} characters."
    elif _CONTROL.search(clean_name):
        errors["name"] = "The name on the card contains characters that are not allowed."

    digits = (number or "").strip().replace(" ", "")
    number_error = _number_error(digits)
    if number_error:
        errors["number"] = number_error

    clean_expiry = _normal_expiry(expiry)
    expiry_error = _expiry_error(clean_expiry, today or date.today())
    if expiry_error:
        errors["expiry"] = expiry_error

    clean_cvv = (cvv or "").strip()
    if not _CVV.fullmatch(clean_cvv):
        errors["cvv"] = "The CVV must be 3 digits."

    if errors:
        raise InvalidCard(errors)
    return Card(name=clean_name, number=digits, expiry=clean_expiry, cvv=clean_cvv)


def _number_error(digits: str) -> str | None:
    if not digits:
        return "Enter the card number."
    if not _DIGITS_ONLY.fullmatch(digits):
        return "The card number may contain only digits and spaces."
    if len(digits) != CARD_DIGITS:
        return f"The card number must have {CARD_DIGITS} digits."
    if not luhn_valid(digits):
        return "This card number is not valid; please check it."
    return None


def _normal_expiry(expiry: str | None) -> str:
    """The expiry as MMYY when it was typed in one of the accepted ways; else as typed."""
    typed = (expiry or "").strip()
    found = _EXPIRY.fullmatch(typed)
    return found.group(1) + found.group(2) if found else typed


def _expiry_error(expiry: str, today: date) -> str | None:
    if len(expiry) != 4 or not _DIGITS_ONLY.fullmatch(expiry):
        return "Enter the expiry as " + EXPIRY_HINT
    month, year = int(expiry[:2]), 2000 + int(expiry[2:])
    if not 1 <= month <= 12:
        return "The expiry month must be from 01 to 12."
    if (year, month) < (today.year, today.month):
        return "This card has expired."
    return None

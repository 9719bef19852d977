"""A payment card, only ever held in memory for the length of one payment."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..services.errors import InvalidInput


@dataclass(frozen=True)
class Card:
    name: str
    number: str = field(repr=False)  # 16 digits, no spaces
    expiry: str = field(repr=False)  # MMYY
    cvv: str = field(repr=False)

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def brand(self) -> str:
        if self.number.startswith("4"):
            return "Visa"
        if 51 <= int(self.number[:2]) <= 55 or 2221 <= int(self.number[:4]) <= 2720:
            return "Mastercard"
        return "Card"


def luhn_valid(digits: str) -> bool:
    """Whether the digits pass the Luhn check."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def parse_card(name: str, number: str, expiry: str, cvv: str, *, today: date | None = None) -> Card:
    """A Card from what was typed, or InvalidInput naming each bad field."""
    today = today or date.today()
    problems: dict[str, str] = {}
    name = (name or "").strip()
    if not name or len(name) > 100:
        problems["name"] = "Enter the name on the card (up to 100 characters)."
    digits = (number or "").replace(" ", "")
    if not re.fullmatch(r"\d{16}", digits):
        problems["number"] = "The card number must be 16 digits."
    elif not luhn_valid(digits):
        problems["number"] = "That card number is not valid; please check it."
    expiry = (expiry or "").strip()
    match = re.fullmatch(r"(\d\d)(\d\d)", expiry)
    if not match or not 1 <= int(match.group(1)) <= 12:
        problems["expiry"] = "The expiry date must be MMYY, for example 0829."
    elif (2000 + int(match.group(2)), int(match.group(1))) < (today.year, today.month):
        problems["expiry"] = "This card has expired."
    cvv = (cvv or "").strip()
    if not re.fullmatch(r"\d{3}", cvv):
        problems["cvv"] = "The CVV is the 3 digits on the back of the card."
    if problems:
        raise InvalidInput(problems, "Please check the card details.")
    return Card(name=name, number=digits, expiry=expiry, cvv=cvv)

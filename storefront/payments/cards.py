"""A payment card, only ever held in memory for the length of one payment."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Card:
    name: str
    number: str = field(repr=False)  # 16 digits, no spaces
    expiry: str = field(repr=False)  # MMYY
    cvv: str = field(repr=False)

    @property
    def last4(self) -> str:
        return self.number[-4:]

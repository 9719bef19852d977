"""What placing an order refuses with: short stock (each line), or nothing to order."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .errors import Conflict, InvalidInput


@dataclass(frozen=True)
class Shortfall:
    """One line that cannot be filled: what was asked and what is left."""

    product_id: uuid.UUID
    name: str
    wanted: int
    left: int


class StockShort(Conflict):
    """Some lines ask for more than is left; nothing was changed."""

    def __init__(self, shortfalls: list[Shortfall]) -> None:
        parts = [
            f"{item.name}: {item.left} left" if item.left > 0 else f"{item.name}: sold out"
            for item in shortfalls
        ]
        super().__init__("Not enough stock for your order. " + "; ".join(parts) + ".")
        self.shortfalls = shortfalls


class EmptyOrder(InvalidInput):
    def __init__(self) -> None:
        super().__init__({"lines": "There is nothing to order."}, "There is nothing to order.")

"""Why a change to a cart was refused: the errors every face (pages, API, GraphQL) shows."""

from __future__ import annotations

from .errors import Conflict, NotFound


class CartFull(Conflict):
    """The cart holds as many different products as a cart may."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"A cart holds at most {limit} different products: check out or remove some first."
        )
        self.fields = {"product_id": self.message}


class CartNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such cart.")


class ProductNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such product.")


class ProductUnavailable(Conflict):
    """The product is switched off."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not for sale right now.")


class NotEnoughStock(Conflict):
    """Fewer units are available than asked for."""

    def __init__(self, name: str, left: int) -> None:
        if left <= 0:
            message = f"No more {name} can be added: none are left."
        else:
            message = f"Only {left} more {name} can be added."
        super().__init__(message)
        self.left = max(left, 0)


class LineFull(NotEnoughStock):
    """The line would hold more units than a line may (CART_MAX_QUANTITY)."""

    def __init__(self, name: str, left: int, limit: int) -> None:
        Conflict.__init__(
            self, f"A cart holds at most {limit} of {name}: {max(left, 0)} more can be added."
        )
        self.left = max(left, 0)

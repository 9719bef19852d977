"""Shipping methods: what admins offer (name, price, active, "free from" amount).

A method that needs no address (such as "Collect in store") is how an order without one
reaches its customer. Orders copy a method's name and price when placed, so editing or
deleting a method never changes an order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from ..models import ShippingMethod
from ..money import amount_text
from ..rules import SHIPPING_NAME_MAX_LENGTH, shipping_price
from .catalogue_input import parse_price
from .errors import Conflict, InvalidInput, NotFound
from .text import NOT_STORABLE, storable

COLLECT_IN_STORE = "Collect in store"


class MethodNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such shipping method.")


class MethodNameTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("A shipping method of that name already exists.")
        self.fields = {"name": "A shipping method of that name already exists."}


@dataclass(frozen=True)
class MethodValues:
    """A shipping method as plain values: what checkout offers and an order copies."""

    id: int | None
    name: str
    price_cents: int
    free_from_cents: int | None = None
    needs_address: bool = True

    def price_for(self, subtotal_cents: int) -> int:
        """What it costs for lines that come to ``subtotal_cents``."""
        return shipping_price(self.price_cents, self.free_from_cents, subtotal_cents)


# Used when no active method needs no address: an order without an address is collected.
BUILT_IN_COLLECT = MethodValues(None, COLLECT_IN_STORE, 0, None, needs_address=False)


def values_of(method: ShippingMethod) -> MethodValues:
    """A method row as plain values."""
    return MethodValues(
        method.id, method.name, method.price_cents, method.free_from_cents, method.needs_address
    )


def check_method(data: Mapping[str, Any]) -> dict[str, Any]:
    """The method's columns from what an admin sent; InvalidInput names every bad field."""
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    name = data.get("name")
    name = name.strip() if isinstance(name, str) else ""
    if not 1 <= len(name) <= SHIPPING_NAME_MAX_LENGTH:
        problems["name"] = f"Name must be 1 to {SHIPPING_NAME_MAX_LENGTH} characters."
    elif not storable(name):
        problems["name"] = "Name " + NOT_STORABLE
    values["name"] = name
    try:
        values["price_cents"] = parse_price(data.get("price"))
    except InvalidInput as error:
        problems["price"] = error.fields["price"]
    free_from = data.get("free_from")
    if free_from is None or (isinstance(free_from, str) and not free_from.strip()):
        values["free_from_cents"] = None
    else:
        try:
            values["free_from_cents"] = parse_price(free_from)
        except InvalidInput:
            problems["free_from"] = (
                "Free from must be an amount like 50.00, or empty for never free."
            )
    for flag in ("active", "needs_address"):
        value = data.get(flag, True)
        if not isinstance(value, bool):
            problems[flag] = "Must be true or false."
        values[flag] = value
    if problems:
        raise InvalidInput(problems)
    return values


def list_methods(*, active_only: bool = False) -> list[ShippingMethod]:
    """Shipping methods, cheapest first (then by name)."""
    statement = select(ShippingMethod).order_by(
        ShippingMethod.price_cents, func.lower(ShippingMethod.name), ShippingMethod.id
    )
    if active_only:
        statement = statement.where(ShippingMethod.active)
    return list(db.session.scalars(statement))


def active_methods() -> list[MethodValues]:
    """What checkout offers: the active methods as plain values, cheapest first."""
    return [values_of(method) for method in list_methods(active_only=True)]


def get_method(method_id: int) -> ShippingMethod:
    """One method, active or not; MethodNotFound otherwise."""
    method = db.session.get(ShippingMethod, method_id) if 0 < method_id < 2**31 else None
    if method is None:
        raise MethodNotFound()
    return method


def save_method(method_id: int | None, data: Mapping[str, Any]) -> ShippingMethod:
    """Create a method (``method_id`` None) or change one; orders keep their copies."""
    values = check_method(data)
    try:
        with write_transaction() as session:
            if method_id is None:
                method = ShippingMethod(**values)
                session.add(method)
            else:
                method = get_method(method_id)
                for field, value in values.items():
                    setattr(method, field, value)
            session.flush()
            saved_id = method.id
    except IntegrityError:
        raise MethodNameTaken() from None
    return get_method(saved_id)


def delete_method(method_id: int) -> None:
    """Remove a method for good (orders placed with it keep its name and price)."""
    with write_transaction() as session:
        session.delete(get_method(method_id))


def patch_method(method_id: int, changes: Mapping[str, Any]) -> ShippingMethod:
    """Change some of a method's fields; what is left out stays as it is."""
    method = get_method(method_id)
    current: dict[str, Any] = {
        "name": method.name,
        "price": amount_text(method.price_cents),
        "free_from": None
        if method.free_from_cents is None
        else amount_text(method.free_from_cents),
        "active": method.active,
        "needs_address": method.needs_address,
    }
    return save_method(method_id, {**current, **changes})

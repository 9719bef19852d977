"""Where an order goes and how: the address and shipping method checkout settles on.

``choose`` turns what a customer (or an API client) said into a ``Delivery`` of plain
values, before the placing transaction, which copies them into the order. Left out, they
default the way older API clients expect: the customer's default address and the cheapest
active method that ships to it; with no saved address, a method that needs none ("Collect
in store"), and if the shop has no such method active, the built-in one at no charge.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import addresses, shipping_methods
from .addresses import AddressValues
from .errors import InvalidInput, NotFound
from .shipping_methods import BUILT_IN_COLLECT, MethodValues

# The built-in "Collect in store", offered only while no active method needs no address.
BUILT_IN_ID = 0
UNKNOWN_METHOD = "Choose one of the shipping methods offered."
NEEDS_ADDRESS = "This shipping method needs an address: choose a saved one or enter one."


@dataclass(frozen=True)
class Delivery:
    """The address (None when collected) and method an order is placed with."""

    address: AddressValues | None
    method: MethodValues
    save_address: bool = False  # typed at checkout: kept in the address book with the order


def offered() -> list[MethodValues]:
    """The methods checkout offers, cheapest first; the built-in collection when needed."""
    methods = shipping_methods.active_methods()
    if not any(not method.needs_address for method in methods):
        methods.append(BUILT_IN_COLLECT)
    return methods


def choose(
    user_id: uuid.UUID,
    *,
    address: AddressValues | Mapping[str, Any] | None = None,
    address_id: uuid.UUID | None = None,
    method_id: int | None = None,
) -> Delivery:
    """The delivery for the customer's choices; InvalidInput names what is wrong.

    ``address`` is a new address (saved with the order), ``address_id`` a saved one; with
    neither, the default address. ``method_id`` names an offered method (``BUILT_IN_ID``
    the built-in collection); without it, the cheapest that suits the address.
    """
    save = False
    blank = address if isinstance(address, Mapping) and _is_blank(address) else None
    if blank is not None:
        chosen = None  # a form left empty: no address, and no falling back on the default
    elif address is not None:
        chosen = address if isinstance(address, AddressValues) else addresses.check_address(address)
        save = True
    elif address_id is not None:
        try:
            chosen = addresses.values_of(addresses.get_address(address_id, user_id))
        except NotFound:
            raise InvalidInput({"address_id": "Choose one of your saved addresses."}) from None
    else:
        chosen = addresses.default_address(user_id)
    methods = offered()
    if method_id is None:
        method = _cheapest(methods, chosen is not None)
    else:
        method = next((item for item in methods if (item.id or BUILT_IN_ID) == method_id), None)
        if method is None:
            raise InvalidInput({"shipping_method": UNKNOWN_METHOD}, UNKNOWN_METHOD)
        if method.needs_address and chosen is None:
            if blank is not None:
                addresses.check_address(blank)  # says which fields are missing
            raise InvalidInput({"address": NEEDS_ADDRESS}, NEEDS_ADDRESS)
    if not method.needs_address:
        return Delivery(None, method, save_address=False)
    return Delivery(chosen, method, save_address=save)


def _is_blank(address: Mapping[str, Any]) -> bool:
    return not any(isinstance(value, str) and value.strip() for value in address.values())


def default_method(methods: list[MethodValues], has_address: bool) -> MethodValues:
    """What checkout picks when no method is named: the first of ``methods`` (cheapest
    first) that ships to an address if there is one, else the first that needs none."""
    return _cheapest(methods, has_address)


def _cheapest(methods: list[MethodValues], has_address: bool) -> MethodValues:
    if has_address:
        shipping = [method for method in methods if method.needs_address]
        if shipping:
            return shipping[0]
    return next(method for method in methods if not method.needs_address)

"""Addresses: the one home of their rules, and a customer's address book.

``check_address`` is what every face of the shop (the address book's form, checkout's form,
the API's schemas) asks whether an address is acceptable; it answers an ``AddressValues``,
the plain value checkout copies into an order. The address book keeps at most
``MAX_ADDRESSES`` per customer and at most one default (a partial unique index says so
too); the first address saved becomes the default.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any

import pycountry
from sqlalchemy import select, update

from ..database import write_transaction
from ..extensions import db
from ..models import Address, User
from ..models.base import utcnow
from ..rules import (
    ADDRESS_LINE_MAX_LENGTH,
    ADDRESS_NAME_MAX_LENGTH,
    CITY_MAX_LENGTH,
    MAX_ADDRESSES,
    PHONE_MAX_LENGTH,
    POSTAL_CODE_MAX_LENGTH,
)
from .errors import Conflict, InvalidInput, NotFound
from .text import NOT_STORABLE, storable

FIELDS = ("full_name", "line1", "line2", "city", "postal_code", "country", "phone")
POSTAL_CODE = re.compile(rf"[A-Za-z0-9][A-Za-z0-9 -]{{0,{POSTAL_CODE_MAX_LENGTH - 1}}}")
PHONE = re.compile(r"\+?[0-9 ().-]+")
PHONE_MIN_DIGITS = 5
# The phone rule for the OpenAPI document (values are stripped before they are checked).
PHONE_PATTERN = rf"^\s*(\+?[ ().-]*(?:[0-9][ ().-]*){{{PHONE_MIN_DIGITS},}}\s*)?$"

# Field -> (its name in messages, longest it may be, required)
_TEXT_RULES = {
    "full_name": ("Full name", ADDRESS_NAME_MAX_LENGTH, True),
    "line1": ("Address line 1", ADDRESS_LINE_MAX_LENGTH, True),
    "line2": ("Address line 2", ADDRESS_LINE_MAX_LENGTH, False),
    "city": ("City", CITY_MAX_LENGTH, True),
    "postal_code": ("Postal code", POSTAL_CODE_MAX_LENGTH, True),
    "phone": ("Phone", PHONE_MAX_LENGTH, False),
}


@dataclass(frozen=True)
class AddressValues:
    """An address, checked: what the address book keeps and an order copies."""

    full_name: str
    line1: str
    city: str
    postal_code: str
    country: str  # ISO 3166-1 alpha-2, upper case
    line2: str | None = None
    phone: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The address as the API shows it."""
        return asdict(self)


class AddressNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such address.")


class AddressBookFull(Conflict):
    def __init__(self) -> None:
        super().__init__(f"An address book holds at most {MAX_ADDRESSES} addresses.")


@cache
def countries() -> tuple[tuple[str, str], ...]:
    """Every ISO 3166 country as (alpha-2 code, common name), sorted by name."""
    found = [
        (country.alpha_2, getattr(country, "common_name", None) or country.name)
        for country in pycountry.countries
    ]
    return tuple(sorted(found, key=lambda pair: pair[1]))


def country_name(code: str | None) -> str:
    """The country's name for its code (the code itself if unknown)."""
    return dict(countries()).get((code or "").upper(), code or "")


def check_address(data: Mapping[str, Any]) -> AddressValues:
    """The address in ``data``, trimmed and checked; InvalidInput names every bad field."""
    problems: dict[str, str] = {}
    values: dict[str, str | None] = {}
    for field, (label, longest, required) in _TEXT_RULES.items():
        raw = data.get(field)
        text = raw.strip() if isinstance(raw, str) else ""
        if raw is not None and not isinstance(raw, str):
            problems[field] = f"{label} must be text."
        elif not text:
            if required:
                problems[field] = f"{label} is required."
        elif len(text) > longest:
            problems[field] = f"{label} must be at most {longest} characters."
        elif not storable(text):
            problems[field] = f"{label} {NOT_STORABLE}"
        values[field] = text or None
    postal_code, phone = values["postal_code"], values["phone"]
    if "postal_code" not in problems and postal_code and not POSTAL_CODE.fullmatch(postal_code):
        problems["postal_code"] = "Postal code may hold only letters, digits, spaces and hyphens."
    if "phone" not in problems and phone:
        digits = sum(character.isdigit() for character in phone)
        if not PHONE.fullmatch(phone) or digits < PHONE_MIN_DIGITS:
            problems["phone"] = (
                f"Phone must be at least {PHONE_MIN_DIGITS} digits; + ( ) - . and spaces allowed."
            )
    country = data.get("country")
    code = country.strip().upper() if isinstance(country, str) else ""
    if code not in dict(countries()):
        problems["country"] = "Choose a country (its two-letter ISO code, such as GB or US)."
    if problems:
        raise InvalidInput(problems, "Please correct the address.")
    return AddressValues(
        full_name=values["full_name"] or "",
        line1=values["line1"] or "",
        line2=values["line2"],
        city=values["city"] or "",
        postal_code=(postal_code or "").upper(),
        country=code,
        phone=phone,
    )


def values_of(address: Address) -> AddressValues:
    """A saved address as plain values."""
    return AddressValues(**{field: getattr(address, field) for field in FIELDS})


def list_addresses(user_id: uuid.UUID) -> list[Address]:
    """The customer's saved addresses: the default first, then oldest first."""
    statement = (
        select(Address)
        .where(Address.user_id == user_id)
        .order_by(Address.is_default.desc(), Address.created_at, Address.id)
    )
    return list(db.session.scalars(statement))


def get_address(address_id: uuid.UUID, user_id: uuid.UUID) -> Address:
    """The customer's address; AddressNotFound for anyone else's."""
    address = db.session.get(Address, address_id)
    if address is None or address.user_id != user_id:
        raise AddressNotFound()
    return address


def default_address(user_id: uuid.UUID) -> AddressValues | None:
    """The customer's default address as plain values, or None."""
    statement = select(Address).where(Address.user_id == user_id, Address.is_default)
    address = db.session.scalars(statement).first()
    return values_of(address) if address is not None else None


def add_address(
    user_id: uuid.UUID, data: Mapping[str, Any], *, make_default: bool = False
) -> Address:
    """Save a new address in the customer's book (the first one becomes the default)."""
    values = check_address(data)
    with write_transaction() as session:
        connection = session.connection()
        address_id = save_new(connection, user_id, values, make_default=make_default)
    return get_address(address_id, user_id)


def save_new(
    connection: Any, user_id: uuid.UUID, values: AddressValues, *, make_default: bool = False
) -> uuid.UUID:
    """Inside the caller's write transaction: add ``values`` to the book; its id."""
    held = _lock_book(connection, user_id)
    if len(held) >= MAX_ADDRESSES:
        raise AddressBookFull()
    return _insert(connection, user_id, values, make_default or not held)


def save_if_new(connection: Any, user_id: uuid.UUID, values: AddressValues) -> None:
    """Inside checkout's transaction: keep an address typed at checkout for next time,
    unless the book already has it or is full (the order keeps its copy either way)."""
    held = _lock_book(connection, user_id)
    if tuple(getattr(values, field) for field in FIELDS) in held or len(held) >= MAX_ADDRESSES:
        return
    _insert(connection, user_id, values, not held)


_TABLE = Address.__table__


def _lock_book(connection: Any, user_id: uuid.UUID) -> list[tuple[Any, ...]]:
    """Lock the customer's row (two saves at once count each other); their addresses."""
    users = User.__table__
    connection.execute(select(users.c.id).where(users.c.id == user_id).with_for_update())
    columns = [_TABLE.c[field] for field in FIELDS]
    rows = connection.execute(select(*columns).where(_TABLE.c.user_id == user_id))
    return [tuple(row) for row in rows]


def _insert(
    connection: Any, user_id: uuid.UUID, values: AddressValues, make_default: bool
) -> uuid.UUID:
    if make_default:
        connection.execute(
            update(_TABLE)
            .where(_TABLE.c.user_id == user_id, _TABLE.c.is_default)
            .values(is_default=False)
        )
    address_id = uuid.uuid4()
    connection.execute(
        _TABLE.insert().values(
            id=address_id,
            user_id=user_id,
            is_default=make_default,
            created_at=utcnow(),
            **values.as_dict(),
        )
    )
    return address_id


def update_address(address_id: uuid.UUID, user_id: uuid.UUID, data: Mapping[str, Any]) -> Address:
    """Change a saved address (orders placed with it keep their own copy)."""
    values = check_address(data)
    with write_transaction() as session:
        address = get_address(address_id, user_id)
        for field, value in values.as_dict().items():
            setattr(address, field, value)
        session.flush()
    return get_address(address_id, user_id)


def delete_address(address_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Remove a saved address; if it was the default, the oldest left becomes the default."""
    with write_transaction() as session:
        address = get_address(address_id, user_id)
        was_default = address.is_default
        session.delete(address)
        session.flush()
        if was_default:
            successor = session.scalars(
                select(Address)
                .where(Address.user_id == user_id)
                .order_by(Address.created_at, Address.id)
                .limit(1)
            ).first()
            if successor is not None:
                successor.is_default = True


def make_default(address_id: uuid.UUID, user_id: uuid.UUID) -> Address:
    """Make this address the one checkout offers first and old API clients ship to."""
    with write_transaction() as session:
        address = get_address(address_id, user_id)
        session.execute(
            update(Address)
            .where(Address.user_id == user_id, Address.id != address_id, Address.is_default)
            .values(is_default=False)
        )
        address.is_default = True
    return get_address(address_id, user_id)

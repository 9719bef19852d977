"""The customer's address book."""

from __future__ import annotations

import uuid
from typing import Any

from ...models import Address
from ...services import addresses
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..schemas.addresses import (
    EXAMPLE,
    SavedAddressInSchema,
    SavedAddressPageSchema,
    SavedAddressSchema,
)
from ..schemas.common import PageQuery, sliced

blp = ApiBlueprint(
    "addresses",
    __name__,
    url_prefix="/api/v1",
    description="Your address book: the addresses checkout offers. The default one is where "
    "an order goes when it names no address.",
)

NOT_YOURS = "There is no such address (or it is not yours)."


@blp.route("/addresses", methods=["GET"])
@blp.access(Access.CUSTOMER)
@blp.arguments(PageQuery, location="query")
@blp.response(200, SavedAddressPageSchema)
@blp.doc(operationId="listAddresses")
def list_addresses(query: dict[str, Any]) -> dict[str, Any]:
    """Your saved addresses, the default first"""
    return sliced(addresses.list_addresses(current_user().id), query)


@blp.route("/addresses", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.arguments(SavedAddressInSchema, example={**EXAMPLE, "make_default": True})
@blp.response(201, SavedAddressSchema)
@blp.alt_response(409, response="CONFLICT", description="The address book is full.")
@blp.doc(operationId="createAddress")
def create_address(data: dict[str, Any]) -> Address:
    """Save an address (the first one becomes the default)"""
    return addresses.add_address(
        current_user().id, data["address"].as_dict(), make_default=data["make_default"]
    )


@blp.route("/addresses/<uuid:address_id>", methods=["GET"])
@blp.access(Access.CUSTOMER)
@blp.response(200, SavedAddressSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.doc(operationId="getAddress")
def get_address(address_id: uuid.UUID) -> Address:
    """One of your addresses"""
    return addresses.get_address(address_id, current_user().id)


@blp.route("/addresses/<uuid:address_id>", methods=["PUT"])
@blp.access(Access.CUSTOMER)
@blp.arguments(SavedAddressInSchema, example=EXAMPLE)
@blp.response(200, SavedAddressSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.doc(operationId="replaceAddress")
def replace_address(data: dict[str, Any], address_id: uuid.UUID) -> Address:
    """Replace one of your addresses (orders placed with it keep their copy)"""
    user_id = current_user().id
    address = addresses.update_address(address_id, user_id, data["address"].as_dict())
    if data["make_default"]:
        address = addresses.make_default(address_id, user_id)
    return address


@blp.route("/addresses/<uuid:address_id>", methods=["DELETE"])
@blp.access(Access.CUSTOMER)
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.doc(operationId="deleteAddress")
def delete_address(address_id: uuid.UUID) -> None:
    """Delete one of your addresses (the oldest left becomes the default)"""
    addresses.delete_address(address_id, current_user().id)


@blp.route("/addresses/<uuid:address_id>/default", methods=["POST"])
@blp.access(Access.CUSTOMER)
@blp.response(200, SavedAddressSchema)
@blp.alt_response(404, response="NOT_FOUND", description=NOT_YOURS)
@blp.doc(operationId="makeDefaultAddress")
def make_default(address_id: uuid.UUID) -> Address:
    """Make one of your addresses the default"""
    return addresses.make_default(address_id, current_user().id)

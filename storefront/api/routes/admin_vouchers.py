"""Admins make, read, change and delete vouchers, one by one or in batches of codes."""

from __future__ import annotations

from typing import Any

from ...models import Voucher
from ...services import vouchers_admin
from ...services.voucher_input import VoucherInput
from ..auth import Access
from ..blueprint import ApiBlueprint
from ..schemas.common import PageQuery, page_of
from ..schemas.vouchers import (
    VoucherBatchResultSchema,
    VoucherBatchSchema,
    VoucherCreateSchema,
    VoucherPageSchema,
    VoucherPatchSchema,
    VoucherQuery,
    VoucherSchema,
)

blp = ApiBlueprint(
    "vouchers admin",
    __name__,
    url_prefix="/api/v1/admin/vouchers",
    description="Admins only: vouchers (SPEC 9). A code is unique regardless of case; "
    "money and values are strings; a voucher used by orders cannot be deleted.",
)

TAKEN = "The code is taken (in any case)."


class VoucherListQuery(PageQuery, VoucherQuery):
    pass


def _input(data: dict[str, Any]) -> VoucherInput:
    return VoucherInput(**data)


@blp.route("", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(VoucherListQuery, location="query")
@blp.response(200, VoucherPageSchema)
@blp.doc(operationId="listVouchers")
def list_vouchers(query: dict[str, Any]) -> dict[str, Any]:
    """Every voucher, newest first; `q` narrows them to codes containing it"""
    found, total = vouchers_admin.list_vouchers(
        query["page"], query["per_page"], query.get("q", "")
    )
    return page_of(found, query["page"], query["per_page"], total)


@blp.route("", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.arguments(VoucherCreateSchema)
@blp.response(201, VoucherSchema)
@blp.alt_response(409, response="CONFLICT", description=TAKEN)
@blp.doc(operationId="createVoucher")
def create_voucher(data: dict[str, Any]) -> Voucher:
    """Create a voucher"""
    return vouchers_admin.create_voucher(_input(data))


@blp.route("/batch", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.arguments(VoucherBatchSchema)
@blp.response(201, VoucherBatchResultSchema)
@blp.doc(operationId="createVoucherBatch")
def create_batch(data: dict[str, Any]) -> dict[str, Any]:
    """Create `count` single-use vouchers alike, each with its own generated code

    Codes are 12 random characters (60 bits) after the optional `prefix`.
    """
    count, prefix = data.pop("count"), data.pop("prefix", "")
    made = vouchers_admin.create_batch(_input(data), count, prefix)
    return {"batch": made[0].batch, "items": made}


@blp.route("/<int:voucher_id>", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.response(200, VoucherSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="getVoucher")
def get_voucher(voucher_id: int) -> Voucher:
    """One voucher"""
    return vouchers_admin.get_voucher(voucher_id)


@blp.route("/<int:voucher_id>", methods=["PATCH"])
@blp.access(Access.ADMIN)
@blp.arguments(VoucherPatchSchema)
@blp.response(200, VoucherSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT", description=TAKEN)
@blp.doc(operationId="updateVoucher")
def update_voucher(data: dict[str, Any], voucher_id: int) -> Voucher:
    """Change a voucher; what is left out stays"""
    return vouchers_admin.update_voucher(voucher_id, data)


@blp.route("/<int:voucher_id>", methods=["DELETE"])
@blp.access(Access.ADMIN)
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT", description="Orders have used it.")
@blp.doc(operationId="deleteVoucher")
def delete_voucher(voucher_id: int) -> None:
    """Delete a voucher no order has used"""
    vouchers_admin.delete_voucher(voucher_id)

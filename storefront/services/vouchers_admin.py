"""The admins' vouchers: made one by one or in batches of generated codes, changed, deleted."""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError

from ..database import write_transaction
from ..extensions import db
from ..models import CartVoucher, Voucher, VoucherCustomer, VoucherRedemption, VoucherTarget
from ..money import amount_text
from ..rules import MAX_VOUCHER_BATCH
from .errors import Conflict, InvalidInput, NotFound
from .pages import page_of
from .voucher_input import Checked, VoucherInput, check

log = logging.getLogger(__name__)

# Crockford's base32 (no I, L, O, U): 12 characters are 60 random bits, too many to guess.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GENERATED_LENGTH = 12
PREFIX_MAX_LENGTH = 12


class CodeTaken(Conflict):
    def __init__(self) -> None:
        super().__init__("That code is already taken (codes are the same in any case).")


class VoucherNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such voucher.")


class VoucherInUse(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "This voucher has been used by orders: set its end instead of deleting it."
        )


def generated_code(prefix: str = "") -> str:
    """A new random code such as ``SPRING-7K3M-9Q2P-X4TB``."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(GENERATED_LENGTH))
    body = "-".join(chars[i : i + 4] for i in range(0, GENERATED_LENGTH, 4))
    return f"{prefix}-{body}" if prefix else body


def _fill(voucher: Voucher, checked: Checked) -> None:
    for name, value in checked.columns.items():
        setattr(voucher, name, value)
    voucher.targets = [VoucherTarget(product_id=pid) for pid in checked.products]
    voucher.targets += [VoucherTarget(brand_id=bid) for bid in checked.brands]
    voucher.targets += [VoucherTarget(category_id=cid) for cid in checked.categories]
    voucher.customers = [VoucherCustomer(user_id=uid) for uid in checked.customers]


def _taken(key: str, but: int | None = None) -> bool:
    condition = Voucher.code_key == key
    if but is not None:
        condition = condition & (Voucher.id != but)
    return bool(db.session.scalar(select(exists().where(condition))))


def create_voucher(data: VoucherInput) -> Voucher:
    """A new voucher; CodeTaken if its code exists in any case."""
    checked = check(data)
    if _taken(checked.columns["code_key"]):
        raise CodeTaken()
    try:
        with write_transaction() as session:
            voucher = Voucher(used=0)
            _fill(voucher, checked)
            session.add(voucher)
    except IntegrityError:
        raise CodeTaken() from None
    log.info("voucher created voucher=%s", voucher.id)
    return voucher


def create_batch(data: VoucherInput, count: int, prefix: str = "") -> list[Voucher]:
    """``count`` vouchers alike, each with its own generated code, each usable once."""
    prefix = (prefix or "").strip().upper()
    problems = {}
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_VOUCHER_BATCH:
        problems["count"] = f"Make from 1 to {MAX_VOUCHER_BATCH} codes at once."
    if prefix and (not prefix.isalnum() or not prefix.isascii() or len(prefix) > PREFIX_MAX_LENGTH):
        problems["prefix"] = f"A prefix is up to {PREFIX_MAX_LENGTH} Latin letters and digits."
    try:
        checked = check(data, code_needed=False)
    except InvalidInput as error:
        raise InvalidInput({**error.fields, **problems}) from None
    if problems:
        raise InvalidInput(problems)
    batch = str(uuid.uuid4())
    with write_transaction() as session:
        made = []
        for _ in range(count):
            code = generated_code(prefix)
            columns = {**checked.columns, "code": code, "code_key": code, "usage_limit": 1}
            voucher = Voucher(used=0, batch=batch)
            _fill(voucher, replace(checked, columns=columns))
            session.add(voucher)
            made.append(voucher)
    log.info("voucher batch created batch=%s count=%d", batch, count)
    return made


def get_voucher(voucher_id: int) -> Voucher:
    """The voucher with this id, or VoucherNotFound."""
    voucher = db.session.get(Voucher, voucher_id) if 0 < voucher_id < 2**31 else None
    if voucher is None:
        raise VoucherNotFound()
    return voucher


def as_input(voucher: Voucher) -> VoucherInput:
    """A voucher's fields as an admin would type them."""
    return VoucherInput(
        code=voucher.code,
        kind=voucher.kind,
        value=amount_text(voucher.value),
        applies_to={
            "products": [str(t.product_id) for t in voucher.targets if t.product_id],
            "brands": [t.brand_id for t in voucher.targets if t.brand_id],
            "categories": [t.category_id for t in voucher.targets if t.category_id],
        },
        minimum_spend=amount_text(voucher.minimum_spend_cents),
        starts_at=voucher.starts_at,
        ends_at=voucher.ends_at,
        usage_limit=voucher.usage_limit,
        per_customer_limit=voucher.per_customer_limit,
        customers=[str(c.user_id) for c in voucher.customers],
    )


def update_voucher(voucher_id: int, changes: dict[str, Any]) -> Voucher:
    """Change the given fields; what is left out stays. A limit never goes below its uses."""
    data = as_input(get_voucher(voucher_id))
    for name, value in changes.items():
        setattr(data, name, value)
    checked = check(data)
    if _taken(checked.columns["code_key"], but=voucher_id):
        raise CodeTaken()
    with write_transaction() as session:
        voucher = session.get(Voucher, voucher_id, with_for_update=True)
        if voucher is None:
            raise VoucherNotFound()
        limit = checked.columns["usage_limit"]
        if limit is not None and limit < voucher.used:
            raise InvalidInput({"usage_limit": f"It has been used {voucher.used} times already."})
        _fill(voucher, checked)
    return voucher


def delete_voucher(voucher_id: int) -> None:
    """Delete a voucher no order has used (it leaves the carts that carry it)."""
    with write_transaction() as session:
        voucher = session.get(Voucher, voucher_id) if 0 < voucher_id < 2**31 else None
        if voucher is None:
            raise VoucherNotFound()
        if session.scalar(select(exists().where(VoucherRedemption.voucher_id == voucher_id))):
            raise VoucherInUse()
        session.execute(delete(CartVoucher).where(CartVoucher.voucher_id == voucher_id))
        session.delete(voucher)


def list_vouchers(page: int = 1, per_page: int = 25, q: str = "") -> tuple[list[Voucher], int]:
    """One page of vouchers, newest first; ``q`` narrows them to codes containing it."""
    condition = func.upper(Voucher.code_key).contains(q.strip().upper()) if q.strip() else None
    return page_of(
        Voucher,
        condition if condition is not None else Voucher.id > 0,
        (Voucher.created_at.desc(), Voucher.id.desc()),
        page,
        per_page,
    )

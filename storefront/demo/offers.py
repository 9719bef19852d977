"""Demo vouchers: a public one off the whole order and a brand's, so the cart shows a discount."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Brand, Voucher
from ..models.base import utcnow
from ..services import vouchers_admin
from ..services.voucher_input import VoucherInput

WELCOME_CODE = "WELCOME10"
BRAND_CODE = "BRAND20"


def seed_vouchers() -> list[str]:
    """The demo's vouchers (once): their codes, or an empty list if they were there already."""
    if db.session.scalar(select(Voucher.id).where(Voucher.code_key == WELCOME_CODE)):
        return []
    now = utcnow()
    vouchers_admin.create_voucher(
        VoucherInput(
            code=WELCOME_CODE,
            kind="percent",
            value="10",
            minimum_spend="20.00",
            per_customer_limit=1,
            ends_at=now + timedelta(days=90),
        )
    )
    made = [WELCOME_CODE]
    brand = db.session.scalar(select(Brand).order_by(Brand.id).limit(1))
    if brand is not None:
        vouchers_admin.create_voucher(
            VoucherInput(
                code=BRAND_CODE,
                kind="amount",
                value="20.00",
                applies_to={"brands": [brand.id]},
                usage_limit=100,
                ends_at=now + timedelta(days=30),
            )
        )
        made.append(BRAND_CODE)
    return made

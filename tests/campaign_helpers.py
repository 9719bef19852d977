"""Helpers for the campaign tests: customers who may receive offers, and their carts."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import Campaign, CampaignMember, OutboxMessage, User, Voucher
from storefront.payments.cards import parse_card
from storefront.payments.sandbox import SUCCESS_CARD
from storefront.services import buying, carts
from storefront.services.campaign_input import CampaignInput
from tests import factories

CARD = parse_card("Ada Lovelace", SUCCESS_CARD, "1240", "123")


def customer(username: str, *, offers: bool = True, confirmed: bool = True) -> uuid.UUID:
    """A customer with an e-mail address, confirmed or not, who said yes to offers or not."""
    made = factories.user(username, email=f"{username}@example.com", offers_consent=offers)
    if not confirmed:
        with write_transaction() as session:
            session.get(User, made.id).email_confirmed_at = None
    return made.id


def took_out(user_id: uuid.UUID, product_id: uuid.UUID, quantity: int = 1) -> uuid.UUID:
    """The customer puts the product in a cart and takes it out again; the cart's id."""
    cart = carts.add_item(None, user_id, product_id, quantity)
    carts.remove_line(cart.id, user_id, product_id)
    return cart.id


def bought(user_id: uuid.UUID, product_id: uuid.UUID, voucher: str | None = None) -> Any:
    """The customer buys one unit (with a voucher code) and pays; the purchase."""
    return buying.buy(user_id, CARD, lines=[(product_id, 1)], voucher=voucher)


def offer(products: list[Any], **fields: Any) -> CampaignInput:
    """A campaign's input: 15 % for 14 days, nobody held out, unless told otherwise."""
    values = {"discount_percent": 15, "valid_days": 14, "hold_out_percent": 0, **fields}
    return CampaignInput(products=[str(product) for product in products], **values)


def members(campaign_id: int) -> dict[uuid.UUID, CampaignMember]:
    db.session.rollback()
    rows = db.session.scalars(
        select(CampaignMember).where(CampaignMember.campaign_id == campaign_id)
    )
    return {row.user_id: row for row in rows}


def campaign_mail() -> list[OutboxMessage]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.template == "campaign-voucher")
            .order_by(OutboxMessage.id)
        )
    )


def counts() -> dict[str, int]:
    """How many campaigns, campaign vouchers and campaign e-mails there are."""
    db.session.rollback()
    return {
        "campaigns": len(db.session.scalars(select(Campaign.id)).all()),
        "vouchers": len(
            db.session.scalars(
                select(Voucher.id).where(Voucher.batch.startswith("campaign-"))
            ).all()
        ),
        "mail": len(campaign_mail()),
    }

"""What a campaign did: its groups, e-mails, redemptions, revenue, and conversion.

Conversion compares like with like: in each group (targeted, held out), the share of
customers who bought one of the campaign's products (or its brand's) in an order placed
after the campaign was sent that was not cancelled or left unpaid, with a voucher or not.
The hold-out's conversion is what the targeted group would have done without the offer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, distinct, exists, false, func, or_, select

from ..extensions import db
from ..models import (
    Brand,
    Campaign,
    CampaignMember,
    CampaignProduct,
    CartEvent,
    Order,
    OrderLine,
    OutboxMessage,
    Product,
    VoucherRedemption,
)
from ..models.campaigns import HELD_OUT, TARGETED
from ..models.carts import CART_EXPIRED
from ..models.outbox import SENT
from .errors import NotFound
from .pages import page_of
from .removed_by_customer import NOT_BOUGHT
from .reports import REMOVAL_KINDS

# Conversion in hundredths of a per cent (1250 is 12.5 %), whole numbers for the chart.
BASIS = 10_000


class CampaignNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("There is no such campaign.")


@dataclass(frozen=True)
class Figures:
    targeted: int
    held_out: int
    sent: int  # e-mails handed to the mail server
    redeemed: int  # vouchers used by orders not cancelled or unpaid
    revenue_cents: int  # what those orders charged
    targeted_converted: int
    held_out_converted: int

    @property
    def targeted_conversion(self) -> int | None:
        """Targeted customers who bought, in hundredths of a per cent (None: nobody)."""
        return _share(self.targeted_converted, self.targeted)

    @property
    def held_out_conversion(self) -> int | None:
        """Held-out customers who bought, in hundredths of a per cent (None: nobody)."""
        return _share(self.held_out_converted, self.held_out)


def _share(part: int, whole: int) -> int | None:
    return part * BASIS // whole if whole else None


@dataclass(frozen=True)
class CampaignView:
    """A campaign with the names of what it is about, and its figures."""

    campaign: Campaign
    products: list[tuple[uuid.UUID, str, str]]  # id, name, slug
    brand: str | None
    figures: Figures


def get_campaign(campaign_id: int) -> Campaign:
    """The campaign with this id, or CampaignNotFound."""
    campaign = db.session.get(Campaign, campaign_id) if 0 < campaign_id < 2**31 else None
    if campaign is None:
        raise CampaignNotFound()
    return campaign


def view(campaign_id: int) -> CampaignView:
    """The campaign, its products' and brand's names, and its figures."""
    return view_of(get_campaign(campaign_id))


def view_of(campaign: Campaign) -> CampaignView:
    """A campaign already loaded, with names and figures."""
    products = db.session.execute(
        select(Product.id, Product.name, Product.slug)
        .where(Product.id.in_(campaign.product_ids))
        .order_by(Product.name)
    ).all()
    brand = (
        db.session.scalar(select(Brand.name).where(Brand.id == campaign.brand_id))
        if campaign.brand_id is not None
        else None
    )
    return CampaignView(campaign, [tuple(row) for row in products], brand, figures(campaign))


def list_campaigns(page: int = 1, per_page: int = 25) -> tuple[list[CampaignView], int]:
    """One page of campaigns, newest first, each with its figures."""
    items, total = page_of(
        Campaign, Campaign.id > 0, (Campaign.created_at.desc(), Campaign.id.desc()), page, per_page
    )
    return [view_of(campaign) for campaign in items], total


def _covers(campaign: Campaign) -> ColumnElement[bool]:
    """SQL: an order line is for one of the campaign's products or its brand's."""
    products = select(CampaignProduct.product_id).where(CampaignProduct.campaign_id == campaign.id)
    condition = OrderLine.product_id.in_(products)
    if campaign.brand_id is not None:
        by_brand = select(Product.id).where(Product.brand_id == campaign.brand_id)
        condition = or_(condition, OrderLine.product_id.in_(by_brand))
    return condition


def figures(campaign: Campaign) -> Figures:
    """The campaign's figures, read now."""
    members = CampaignMember.campaign_id == campaign.id
    groups = dict(
        db.session.execute(
            select(CampaignMember.member_group, func.count())
            .where(members)
            .group_by(CampaignMember.member_group)
        ).all()
    )
    sent = db.session.scalar(
        select(func.count()).where(
            OutboxMessage.key.startswith(f"campaign-voucher:{campaign.id}:", autoescape=True),
            OutboxMessage.status == SENT,
        )
    )
    redeemed, revenue = db.session.execute(
        select(func.count(distinct(Order.id)), func.coalesce(func.sum(Order.total_cents), 0))
        .select_from(CampaignMember)
        .join(VoucherRedemption, VoucherRedemption.voucher_id == CampaignMember.voucher_id)
        .join(Order, Order.id == VoucherRedemption.order_id)
        .where(members, VoucherRedemption.released_at.is_(None), Order.status.notin_(NOT_BOUGHT))
    ).one()
    converted = dict(
        db.session.execute(
            select(CampaignMember.member_group, func.count())
            .where(members, _bought_after(campaign, campaign.sent_at))
            .group_by(CampaignMember.member_group)
        ).all()
    )
    return Figures(
        targeted=int(groups.get(TARGETED, 0)),
        held_out=int(groups.get(HELD_OUT, 0)),
        sent=int(sent or 0),
        redeemed=int(redeemed),
        revenue_cents=int(revenue),
        targeted_converted=int(converted.get(TARGETED, 0)),
        held_out_converted=int(converted.get(HELD_OUT, 0)),
    )


def _bought_after(campaign: Campaign, moment: datetime | None) -> ColumnElement[bool]:
    """SQL on a member: an order of theirs since ``moment`` has one of the products."""
    if moment is None:
        return false()
    return exists().where(
        OrderLine.order_id == Order.id,
        Order.user_id == CampaignMember.user_id,
        Order.status.notin_(NOT_BOUGHT),
        Order.created_at >= moment,
        _covers(campaign),
    )


def product_choices(keep: tuple[uuid.UUID, ...] = ()) -> list[tuple[uuid.UUID, str]]:
    """The products a campaign could target: any a customer has taken out of a cart or
    left in an expired one, and those in ``keep``; by name."""
    taken = select(CartEvent.product_id).where(
        CartEvent.kind.in_((*REMOVAL_KINDS, CART_EXPIRED)),
        CartEvent.delta < 0,
        CartEvent.user_id.is_not(None),
    )
    rows = db.session.execute(
        select(Product.id, Product.name)
        .where(or_(Product.id.in_(taken), Product.id.in_(keep)))
        .order_by(Product.name, Product.id)
    ).all()
    return [(row.id, row.name) for row in rows]

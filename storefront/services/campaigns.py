"""Campaigns (SPEC 9): find the customers, hold some out, send the rest a personal voucher.

``launch`` does it all in one write transaction: the campaign's row, one member per
customer of the target (``targeted`` or ``held_out``), one single-use voucher per targeted
customer and one e-mail each through the outbox. Asking for the same campaign again (a
double click, two admins at once, a retried request) finds the first one and sends
nothing: the campaign's ``fingerprint`` is unique, and so are a member per campaign and
customer and an e-mail's outbox key. docs/discounts.md has the rules.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..database import write_transaction
from ..extensions import db
from ..models import (
    Brand,
    Campaign,
    CampaignMember,
    CampaignProduct,
    Product,
    User,
    Voucher,
    VoucherCustomer,
    VoucherTarget,
)
from ..models.base import utcnow
from ..models.campaigns import ABANDONED, HELD_OUT, TARGETED
from ..models.carts import CART_EXPIRED
from ..models.vouchers import PERCENT
from ..money import PERCENT_SCALE
from ..rules import CAMPAIGN_MAX_CUSTOMERS
from .campaign_input import CampaignInput, CheckedCampaign, check
from .errors import InvalidInput
from .marketing import offers_allowed, unsubscribe_url
from .outbox import queue_mail
from .removed_by_customer import not_bought_since
from .reports import REMOVAL_KINDS
from .vouchers_admin import generated_code

log = logging.getLogger(__name__)

CODE_PREFIX = "OFFER"
MAIL_TEMPLATE = "campaign-voucher"


def mail_key(campaign_id: int, user_id: uuid.UUID) -> str:
    """The outbox key of a campaign's e-mail to one customer: one message, ever."""
    return f"{MAIL_TEMPLATE}:{campaign_id}:{user_id}"


def batch_of(campaign_id: int) -> str:
    """What a campaign's vouchers carry in ``batch``."""
    return f"campaign-{campaign_id}"


def held_out(campaign_id: int, user_id: uuid.UUID, percent: int) -> bool:
    """Whether the customer falls in the campaign's hold-out share.

    A hash of campaign and customer, so the draw is random across customers, the same
    every time it is made, and independent from one campaign to the next.
    """
    digest = hashlib.sha256(f"{campaign_id}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < percent


@dataclass(frozen=True)
class Launched:
    """A campaign asked for: ``created`` False when it had been sent before."""

    campaign_id: int
    created: bool


def _existing(fingerprint: str) -> int | None:
    db.session.rollback()
    return db.session.scalar(select(Campaign.id).where(Campaign.fingerprint == fingerprint))


def launch(data: CampaignInput, admin_id: uuid.UUID | None) -> Launched:
    """Create the campaign and send its vouchers, once; InvalidInput says what is wrong."""
    checked = check(data)
    found = _existing(checked.fingerprint)
    if found is not None:
        return Launched(found, False)
    try:
        with write_transaction() as session:
            campaign = Campaign(
                name=checked.name,
                target=checked.target,
                brand_id=checked.brand_id,
                removed_from=checked.since,
                removed_until=checked.until,
                discount_percent=checked.discount_percent,
                valid_days=checked.valid_days,
                hold_out_percent=checked.hold_out_percent,
                fingerprint=checked.fingerprint,
                created_by=admin_id,
                products=[CampaignProduct(product_id=pid) for pid in checked.product_ids],
            )
            session.add(campaign)
            session.flush()  # waits for, then fails on, the same campaign sent at this moment
            _send(session, campaign, checked)
    except IntegrityError:
        found = _existing(checked.fingerprint)
        if found is None:
            raise
        return Launched(found, False)
    log.info("campaign sent campaign=%s", campaign.id)
    return Launched(campaign.id, True)


def audience(checked: CheckedCampaign) -> list[tuple[uuid.UUID, str, str]]:
    """The target's customers who may receive offers: (id, e-mail, name), by id."""
    kinds = (CART_EXPIRED,) if checked.target == ABANDONED else REMOVAL_KINDS
    who = not_bought_since(
        checked.since, checked.until, checked.product_ids, checked.brand_id, kinds
    ).subquery()
    rows = db.session.execute(
        select(User.id, User.email, User.name, User.username)
        .join(who, who.c.user_id == User.id)
        .where(offers_allowed())
        .order_by(User.id)
        .limit(CAMPAIGN_MAX_CUSTOMERS + 1)
    ).all()
    return [(row.id, row.email, row.name or row.username) for row in rows]


def _send(session: Session, campaign: Campaign, checked: CheckedCampaign) -> None:
    customers = audience(checked)
    if not customers:
        raise InvalidInput(
            {"products": "No customer who accepts offers matches these products and dates."}
        )
    if len(customers) > CAMPAIGN_MAX_CUSTOMERS:
        raise InvalidInput(
            {
                "products": f"This would reach more than {CAMPAIGN_MAX_CUSTOMERS} customers: "
                "narrow the products or the dates."
            }
        )
    now = utcnow()
    ends_at = now + timedelta(days=campaign.valid_days)
    vouchers: dict[uuid.UUID, Voucher] = {}
    for user_id, _, _ in customers:
        if not held_out(campaign.id, user_id, campaign.hold_out_percent):
            vouchers[user_id] = _voucher(campaign, checked, user_id, now, ends_at)
    session.add_all(vouchers.values())
    session.flush()
    session.execute(
        insert(CampaignMember),
        [
            {
                "campaign_id": campaign.id,
                "user_id": user_id,
                "member_group": TARGETED if user_id in vouchers else HELD_OUT,
                "voucher_id": vouchers[user_id].id if user_id in vouchers else None,
            }
            for user_id, _, _ in customers
        ],
    )
    context = _mail_context(checked, campaign.discount_percent, ends_at)
    connection = session.connection()
    for user_id, email, name in customers:
        if user_id in vouchers:
            queue_mail(
                connection,
                template=MAIL_TEMPLATE,
                to=email,
                key=mail_key(campaign.id, user_id),
                context={
                    **context,
                    "name": name,
                    "code": vouchers[user_id].code,
                    "unsubscribe_url": unsubscribe_url(user_id),
                },
            )
    campaign.sent_at = now


def _voucher(
    campaign: Campaign,
    checked: CheckedCampaign,
    user_id: uuid.UUID,
    now: datetime,
    ends_at: datetime,
) -> Voucher:
    code = generated_code(CODE_PREFIX)
    targets = [VoucherTarget(product_id=product_id) for product_id in checked.product_ids]
    if checked.brand_id is not None:
        targets.append(VoucherTarget(brand_id=checked.brand_id))
    return Voucher(
        code=code,
        code_key=code,
        kind=PERCENT,
        value=campaign.discount_percent * PERCENT_SCALE // 100,
        minimum_spend_cents=0,
        starts_at=now,
        ends_at=ends_at,
        usage_limit=1,
        per_customer_limit=1,
        used=0,
        batch=batch_of(campaign.id),
        targets=targets,
        customers=[VoucherCustomer(user_id=user_id)],
    )


def _mail_context(checked: CheckedCampaign, percent: int, ends_at: datetime) -> dict[str, object]:
    """What every e-mail of the campaign shares: the offer and links to what it covers."""
    products = db.session.execute(
        select(Product.name, Product.slug)
        .where(Product.id.in_(checked.product_ids))
        .order_by(Product.name)
    ).all()
    links = [{"name": row.name, "path": f"/products/{row.slug}"} for row in products]
    if checked.brand_id is not None:
        brand = db.session.execute(
            select(Brand.name, Brand.slug).where(Brand.id == checked.brand_id)
        ).one()
        links.append(
            {"name": f"Everything by {brand.name}", "path": f"/products?brand={brand.slug}"}
        )
    return {
        "discount_percent": percent,
        "ends_on": f"{ends_at:%Y-%m-%d}",
        "ends_at": ends_at.isoformat(),
        "links": links,
        "cart_path": "/cart",
    }

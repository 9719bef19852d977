"""A finished demo campaign: customers who took a product out of their carts three weeks
ago, sent a code nine days ago (a fifth held out), some of whom bought with it since.

Made once, through the real services (carts, ``campaigns.launch``, checkout and payment),
then moved back in time. The customers are inserted with one shared password hash, so
that seeding them costs one hash, not thirty.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from sqlalchemy import select, update

from ..database import write_transaction
from ..extensions import db
from ..models import Campaign, CampaignMember, OutboxMessage, Product, User, Voucher
from ..models.base import utcnow
from ..models.campaigns import HELD_OUT, TARGETED
from ..models.outbox import SENT
from ..payments.provider import PaymentProvider
from ..services import campaigns, cart_vouchers, carts, checkout, payments, stock
from ..services.campaign_input import CampaignInput
from ..services.errors import ServiceError
from ..services.passwords import hash_password
from .history import SHOPPER_PASSWORD, card, move_back

FANS = (
    "olivia", "liam", "emma", "noah", "amelia", "oliver", "sophia", "elijah", "mia", "lucas",
    "harper", "mason", "evelyn", "logan", "abigail", "james", "emily", "aiden", "ruby", "jack",
    "scarlett", "henry", "grace", "leo", "nora", "owen", "zoe", "isaac", "lily", "theo",
)  # fmt: skip
SEED = 11
SENT_DAYS_AGO = 9
REDEEMING = 0.3  # of the targeted customers, about this share bought with their code
HELD_OUT_BUYING = 0.15  # of the held-out customers, about this share bought anyway


def seed_campaign(admin_id: uuid.UUID, provider: PaymentProvider) -> int | None:
    """The demo campaign (once): its id, or None if there was one already or no product."""
    if db.session.scalar(select(Campaign.id).limit(1)) is not None:
        return None
    product_id = db.session.scalar(
        select(Product.id)
        .where(Product.active.is_(True), Product.stock >= 40, Product.price_cents >= 2000)
        .order_by(Product.price_cents, Product.id)
        .limit(1)
    )
    if product_id is None:
        return None
    rng = random.Random(SEED)
    fans = _fans()
    for fan in fans:
        cart_id = carts.add_item(None, fan, product_id, rng.randint(1, 2)).id
        carts.remove_line(cart_id, fan, product_id)
        move_back(cart_id, timedelta(days=rng.randint(14, 24), hours=rng.randint(0, 20)))
    today = utcnow().date()
    launched = campaigns.launch(
        CampaignInput(
            products=[str(product_id)],
            removed_from=today - timedelta(days=30),
            removed_until=today,
            discount_percent=15,
            valid_days=14,
            hold_out_percent=20,
        ),
        admin_id,
    )
    _send_back(launched.campaign_id, timedelta(days=SENT_DAYS_AGO))
    _buyers(rng, launched.campaign_id, product_id, provider)
    return launched.campaign_id


def _fans() -> list[uuid.UUID]:
    """The campaign's customers: confirmed addresses, yes to offers; made if missing."""
    found = dict(
        db.session.execute(select(User.username, User.id).where(User.username.in_(FANS))).all()
    )
    missing = [name for name in FANS if name not in found]
    if missing:
        shared = hash_password(SHOPPER_PASSWORD)
        now = utcnow()
        with write_transaction() as session:
            for name in missing:
                user = User(
                    id=uuid.uuid5(uuid.NAMESPACE_URL, f"storefront-demo:{name}"),  # the same draw
                    username=name,
                    password_hash=shared,
                    name=name.capitalize(),
                    email=f"{name}@example.com",
                    email_confirmed_at=now,
                    offers_consent=True,
                )
                session.add(user)
                session.flush()
                found[name] = user.id
    return [found[name] for name in FANS]


def _send_back(campaign_id: int, age: timedelta) -> None:
    """The campaign as sent ``age`` ago: its row, its vouchers, its e-mails (delivered)."""
    with write_transaction() as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        assert campaign.sent_at is not None
        campaign.created_at -= age
        campaign.sent_at -= age
        vouchers = select(CampaignMember.voucher_id).where(
            CampaignMember.campaign_id == campaign_id
        )
        for voucher in session.scalars(select(Voucher).where(Voucher.id.in_(vouchers))):
            voucher.starts_at = voucher.starts_at and voucher.starts_at - age
            voucher.ends_at = voucher.ends_at and voucher.ends_at - age
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.key.startswith(f"{campaigns.MAIL_TEMPLATE}:{campaign_id}:"))
            .values(status=SENT, attempts=1, sent_at=campaign.sent_at)
        )


def _buyers(
    rng: random.Random, campaign_id: int, product_id: uuid.UUID, provider: PaymentProvider
) -> None:
    """Some targeted customers buy with their code, a few held-out ones without."""
    members = db.session.execute(
        select(CampaignMember.user_id, CampaignMember.member_group, CampaignMember.voucher_id)
        .where(CampaignMember.campaign_id == campaign_id)
        .order_by(CampaignMember.id)
    ).all()
    for user_id, group, voucher_id in members:
        share = REDEEMING if group == TARGETED else HELD_OUT_BUYING
        if rng.random() >= share or stock.available_quantity(product_id) < 2:
            continue
        try:
            cart_id = carts.add_item(None, user_id, product_id, 1).id
            if group != HELD_OUT and voucher_id is not None:
                code = db.session.scalar(select(Voucher.code).where(Voucher.id == voucher_id))
                cart_vouchers.apply_voucher(cart_id, user_id, str(code))
            order = checkout.place_order_from_cart(cart_id, user_id)
            payments.pay(order.id, user_id, card(), provider)
        except ServiceError:
            continue
        move_back(
            cart_id, timedelta(days=rng.randint(1, SENT_DAYS_AGO - 1), hours=rng.randint(0, 8))
        )

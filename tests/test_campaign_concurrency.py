"""Sending a campaign twice at once (a double click, two admins, a retry) sends it once."""

from __future__ import annotations

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import CampaignMember, VoucherCustomer
from storefront.services import campaigns
from tests import factories
from tests.campaign_helpers import campaign_mail, counts, customer, offer, took_out
from tests.test_cart_concurrency import run_at_once


def test_eight_admins_sending_the_same_campaign_at_once_send_it_once(app):
    with app.app_context():
        guitar = factories.product("Mustang", stock=100)
        people = [customer(f"fan{number}") for number in range(12)]
        for person in people:
            took_out(person, guitar.id)
        admins = [factories.user(f"boss{number}", is_admin=True).id for number in range(8)]
        slug = guitar.slug

    def send(number):
        launched = campaigns.launch(offer([slug], hold_out_percent=25), admins[number])
        return launched.campaign_id, launched.created

    outcomes = run_at_once(app, 8, send)
    assert len({campaign_id for campaign_id, _ in outcomes}) == 1
    assert sorted(created for _, created in outcomes) == [False] * 7 + [True]
    with app.app_context():
        targeted = db.session.scalar(
            select(func.count()).where(CampaignMember.member_group == "targeted")
        )
        assert db.session.scalar(select(func.count()).select_from(CampaignMember)) == 12
        assert counts() == {"campaigns": 1, "vouchers": targeted, "mail": targeted}
        assert len({message.to_address for message in campaign_mail()}) == targeted
        per_customer = db.session.execute(
            select(VoucherCustomer.user_id, func.count()).group_by(VoucherCustomer.user_id)
        ).all()
        assert all(count == 1 for _, count in per_customer)

"""seed-demo leaves a finished campaign whose page has something to show."""

from __future__ import annotations

import time

from storefront.models import Campaign
from storefront.services import campaign_figures
from tests.helpers import text_of


def test_seed_demo_sends_a_campaign_some_customers_redeemed(app, runner, client, auth):
    started = time.monotonic()
    result = runner.invoke(args=["seed-demo", "--products", "60"])
    assert result.exit_code == 0, result.output
    assert "Sent a demo campaign: /admin/campaigns/" in result.output
    with app.app_context():
        (campaign,) = Campaign.query.all()
        figures = campaign_figures.figures(campaign)
    assert figures.targeted + figures.held_out >= 25
    assert figures.held_out >= 1
    assert figures.sent == figures.targeted
    assert 1 <= figures.redeemed < figures.targeted
    assert figures.revenue_cents > 0
    assert figures.targeted_conversion > (figures.held_out_conversion or 0)

    again = runner.invoke(args=["seed-demo", "--products", "60"])
    assert "Sent a demo campaign" not in again.output
    auth.login("admin", "admin-pass-123")
    page = text_of(client.get(f"/admin/campaigns/{campaign.id}"))
    assert '<svg class="bar-chart"' in page
    assert "Held out (" in page
    assert time.monotonic() - started < 120

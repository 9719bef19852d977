"""The campaign pages: from the report's row to the form, "Send vouchers", the figures."""

from __future__ import annotations

import re
from datetime import date

import pytest

from storefront.models import Campaign
from storefront.services import campaigns
from tests import factories
from tests.campaign_helpers import campaign_mail, counts, customer, offer, took_out
from tests.helpers import post_form, text_of


@pytest.fixture
def removed(app):
    """Three customers took the Telecaster out of their carts; one of them accepts no offers."""
    with app.app_context():
        fender = factories.brand("Fender")
        tele = factories.product("Telecaster", brand=fender, price_cents=80000, stock=20)
        for name in ("ada", "bea"):
            took_out(customer(name), tele.id)
        took_out(customer("quiet", offers=False), tele.id)
        return {"id": str(tele.id), "slug": tele.slug, "brand": str(fender.id)}


@pytest.fixture
def admin(app, client, auth):
    with app.app_context():
        factories.user("boss", is_admin=True)
    auth.login("boss")
    return client


def form_data(removed, **changes):
    today = date.today().isoformat()
    return {
        "target": "removed",
        "products": [removed["id"]],
        "brand": "",
        "removed_from": "2020-01-01",
        "removed_until": today,
        "discount_percent": "15",
        "valid_days": "14",
        "hold_out_percent": "0",
        **changes,
    }


def test_each_report_row_leads_to_the_form_with_its_product_chosen(admin, removed):
    for query in ("", "?by=customer"):
        page = text_of(admin.get("/admin/reports/removed-items" + query))
        link = re.search(r'href="(/admin/campaigns/new\?[^"]+)">Target customers<', page)
        assert link, query
        form = text_of(admin.get(link.group(1).replace("&amp;", "&")))
        assert re.search(rf'<option selected value="{removed["id"]}">Telecaster</option>', form)
        for label in ("Products", "Brand", "Removed from", "Removed until", "Discount (%)"):
            assert f">{label}</label>" in form
        assert ">Valid for (days)</label>" in form
        assert ">Hold out (%)</label>" in form
        assert 'value="Send vouchers"' in form
        assert f'name="removed_until" type="date" value="{date.today().isoformat()}"' in form


def test_send_vouchers_shows_the_campaign_and_a_second_click_sends_nothing(app, admin, removed):
    response = post_form(admin, "/admin/campaigns/new", form_data(removed))
    assert response.status_code == 302
    page = text_of(admin.get(response.headers["Location"]))
    assert "The vouchers were issued and their e-mails queued." in page
    assert '<td class="num" id="figure-targeted">2</td>' in page
    assert '<td class="num" id="figure-held-out">0</td>' in page
    assert "15% off Telecaster: removed 2020-01-01 to" in page
    assert '<svg class="bar-chart"' in page
    assert ">0.0%</text>" in page  # the targeted group's bar, nobody has bought yet

    again = post_form(admin, "/admin/campaigns/new", form_data(removed))
    assert again.headers["Location"] == response.headers["Location"]
    assert "already been sent: nothing was sent again" in text_of(
        admin.get(again.headers["Location"])
    )
    with app.app_context():
        assert counts() == {"campaigns": 1, "vouchers": 2, "mail": 2}
        assert {message.to_address for message in campaign_mail()} == {
            "ada@example.com",
            "bea@example.com",
        }
    listing = text_of(admin.get("/admin/campaigns"))
    assert "15% off Telecaster" in listing


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"discount_percent": "0"}, "Discount must be a whole number of per cent from 1 to 100."),
        ({"discount_percent": "abc"}, "Discount (%) must be a whole number."),
        ({"valid_days": "0"}, "Valid for must be a whole number of days from 1 to 365."),
        ({"hold_out_percent": "95"}, "Hold out must be a whole number of per cent from 0 to 90."),
        ({"products": []}, "Choose at least one product, or a brand."),
        (
            {"removed_from": "2026-02-01", "removed_until": "2026-01-01"},
            "Removed until must not come before Removed from.",
        ),
        ({"removed_from": "2019-01-01", "removed_until": "2019-02-01"}, "No customer who accepts"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_sent(
    app, admin, removed, changes, message
):
    response = post_form(admin, "/admin/campaigns/new", form_data(removed, **changes))
    assert response.status_code == 200
    assert message in text_of(response)
    assert 'class="field-error"' in text_of(response)
    with app.app_context():
        assert counts() == {"campaigns": 0, "vouchers": 0, "mail": 0}


def test_a_brand_alone_is_enough(app, admin, removed):
    response = post_form(
        admin, "/admin/campaigns/new", form_data(removed, products=[], brand=removed["brand"])
    )
    assert response.status_code == 302
    with app.app_context():
        assert counts()["mail"] == 2


def test_unknown_campaign_is_404_and_customers_may_not_look(app, client, auth, removed):
    with app.app_context():
        campaign_id = campaigns.launch(offer([removed["slug"]]), None).campaign_id
        factories.user("boss", is_admin=True)
    auth.login("ada")
    assert client.get(f"/admin/campaigns/{campaign_id}").status_code in (403, 404)
    assert client.get("/admin/campaigns/new").status_code in (403, 404)
    auth.logout()
    auth.login("boss")
    assert client.get(f"/admin/campaigns/{campaign_id}").status_code == 200
    assert client.get("/admin/campaigns/999999").status_code == 404
    assert client.get("/admin/campaigns/99999999999").status_code == 404
    with app.app_context():
        assert Campaign.query.count() == 1

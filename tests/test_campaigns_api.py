"""Campaigns through the API: create and send at once, read the figures, refusals."""

from __future__ import annotations

import pytest

from tests import factories
from tests.api_helpers import error_of
from tests.campaign_helpers import campaign_mail, counts, customer, took_out


@pytest.fixture
def guitars(app):
    """Twelve customers took the Telecaster out; one more accepts no offers."""
    with app.app_context():
        fender = factories.brand("Fender")
        tele = factories.product("Telecaster", brand=fender, price_cents=80000, stock=20)
        for number in range(12):
            took_out(customer(f"fan{number}"), tele.id)
        took_out(customer("quiet", offers=False), tele.id)
        return {"id": str(tele.id), "slug": tele.slug, "brand": fender.id}


def body(guitars, **fields):
    return {
        "products": [guitars["slug"]],
        "discount_percent": 20,
        "valid_days": 10,
        "hold_out_percent": 25,
        **fields,
    }


def test_create_sends_and_answers_with_the_figures_and_again_sends_nothing(app, api, guitars):
    admin = api.admin()
    response = admin.post("/admin/campaigns", body(guitars, removed_from="2020-01-01"))
    assert response.status_code == 201, response.get_json()
    made = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/admin/campaigns/{made['id']}")
    figures = made["figures"]
    assert figures["targeted"] + figures["held_out"] == 12
    assert figures["held_out"] >= 1
    assert (figures["sent"], figures["redeemed"], figures["revenue"]) == (0, 0, "0.00")
    assert figures["targeted_conversion"] == 0.0
    assert made["products"] == [guitars["id"]]
    assert (made["target"], made["brand"], made["removed_from"]) == ("removed", None, "2020-01-01")
    assert (made["discount_percent"], made["valid_days"], made["hold_out_percent"]) == (20, 10, 25)
    assert made["sent_at"] is not None

    again = admin.post("/admin/campaigns", body(guitars, removed_from="2020-01-01"))
    assert again.status_code == 200
    assert again.get_json()["id"] == made["id"]
    with app.app_context():
        assert counts() == {
            "campaigns": 1,
            "vouchers": figures["targeted"],
            "mail": figures["targeted"],
        }
        assert "quiet@example.com" not in {m.to_address for m in campaign_mail()}

    assert admin.ok("GET", f"/admin/campaigns/{made['id']}") == made
    listing = admin.ok("GET", "/admin/campaigns")
    assert (listing["total"], listing["items"][0]["id"]) == (1, made["id"])


def test_a_brand_by_id_or_slug_and_abandoned_carts(api, guitars):
    admin = api.admin()
    by_brand = admin.ok(
        "POST", "/admin/campaigns", body(guitars, products=[], brand=guitars["brand"]), 201
    )
    assert by_brand["brand"] == guitars["brand"]
    error = error_of(
        admin.post(
            "/admin/campaigns", body(guitars, products=[], brand="fender", target="abandoned")
        ),
        422,
    )
    assert "No customer who accepts offers" in error["fields"]["products"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"discount_percent": 0}, "discount_percent"),
        ({"discount_percent": 101}, "discount_percent"),
        ({"discount_percent": "15"}, "discount_percent"),
        ({"valid_days": 0}, "valid_days"),
        ({"valid_days": 366}, "valid_days"),
        ({"hold_out_percent": 91}, "hold_out_percent"),
        ({"target": "everyone"}, "target"),
        ({"products": []}, "products"),
        ({"products": ["no-such-guitar"]}, "products"),
        ({"brand": "nobody"}, "brand"),
        ({"brand": True}, "brand"),
        ({"removed_from": "2026-02-01", "removed_until": "2026-01-01"}, "removed_until"),
        ({"removed_from": "yesterday"}, "removed_from"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_bad_fields_are_422_and_nothing_is_sent(app, api, guitars, fields, field):
    error = error_of(api.admin().post("/admin/campaigns", body(guitars, **fields)), 422)
    assert field in error["fields"], error
    with app.app_context():
        assert counts() == {"campaigns": 0, "vouchers": 0, "mail": 0}


def test_only_admins(api, guitars):
    customer_caller = api.customer("shopper")
    assert customer_caller.post("/admin/campaigns", body(guitars)).status_code == 403
    assert customer_caller.get("/admin/campaigns").status_code == 403
    assert api.anonymous.get("/admin/campaigns/1").status_code == 401
    error_of(api.admin().get("/admin/campaigns/12345"), 404)


def test_the_openapi_document_describes_the_three_routes(api):
    document = api.anonymous.ok("GET", "/openapi.json")
    paths = document["paths"]
    assert paths["/api/v1/admin/campaigns"]["post"]["operationId"] == "createCampaign"
    assert paths["/api/v1/admin/campaigns"]["get"]["operationId"] == "listCampaigns"
    assert paths["/api/v1/admin/campaigns/{campaign_id}"]["get"]["operationId"] == "getCampaign"
    create = document["components"]["schemas"]["CampaignCreate"]["properties"]
    assert create["discount_percent"]["maximum"] == 100
    assert create["hold_out_percent"]["maximum"] == 90
    assert create["valid_days"]["maximum"] == 365
    assert create["target"]["enum"] == ["removed", "abandoned"]

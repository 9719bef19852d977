"""Admins create and send campaigns, and read what each did (SPEC 9, docs/discounts.md)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from ...services import campaign_figures, campaigns
from ...services.campaign_figures import CampaignView
from ...services.campaign_input import CampaignInput
from ..auth import Access, current_user
from ..blueprint import ApiBlueprint
from ..schemas.campaigns import CampaignCreateSchema, CampaignPageSchema, CampaignSchema
from ..schemas.common import PageQuery, page_of

blp = ApiBlueprint(
    "campaigns admin",
    __name__,
    url_prefix="/api/v1/admin/campaigns",
    description="Admins only: campaigns (SPEC 9). Creating one sends its vouchers at once; "
    "the same campaign asked for again is the first one, never sent twice.",
)


@blp.route("", methods=["POST"])
@blp.access(Access.ADMIN)
@blp.arguments(CampaignCreateSchema)
@blp.response(201, CampaignSchema, description="Created, and its vouchers sent.")
@blp.alt_response(
    200, schema=CampaignSchema, description="The same campaign had been sent before: unchanged."
)
@blp.alt_response(
    422,
    response="UNPROCESSABLE_ENTITY",
    description="A field is not valid, or no customer who accepts offers matches.",
)
@blp.doc(operationId="createCampaign")
def create_campaign(data: dict[str, Any]) -> tuple[CampaignView, int, dict[str, str]]:
    """Create a campaign and send its vouchers

    Finds the customers who took one of `products` (or a product of `brand`) out of a
    cart between `removed_from` and `removed_until` (`target: abandoned`: left one in a
    cart that expired then) and have not bought it since, among those who accept offers
    by e-mail; holds out `hold_out_percent` of them at random; gives each of the others a
    personal code for `discount_percent` off those products, usable once within
    `valid_days`, and queues its e-mail. All of it happens in this request, once: sending
    the same body again answers 200 with the campaign already sent, and sends nothing.
    """
    launched = campaigns.launch(CampaignInput(**data), current_user().id)
    location = {
        "Location": url_for("api_campaigns_admin.get_campaign", campaign_id=launched.campaign_id)
    }
    return campaign_figures.view(launched.campaign_id), 201 if launched.created else 200, location


@blp.route("/<int:campaign_id>", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.response(200, CampaignSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.doc(operationId="getCampaign")
def get_campaign(campaign_id: int) -> CampaignView:
    """One campaign and its figures"""
    return campaign_figures.view(campaign_id)


@blp.route("", methods=["GET"])
@blp.access(Access.ADMIN)
@blp.arguments(PageQuery, location="query")
@blp.response(200, CampaignPageSchema)
@blp.doc(operationId="listCampaigns")
def list_campaigns(query: dict[str, Any]) -> dict[str, Any]:
    """Every campaign with its figures, newest first"""
    found, total = campaign_figures.list_campaigns(query["page"], query["per_page"])
    return page_of(found, query["page"], query["per_page"], total)

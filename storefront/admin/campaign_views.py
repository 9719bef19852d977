"""Admin: campaigns (SPEC 9): the list, the form that sends the vouchers, a campaign's page."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..forms import apply_service_errors
from ..services import campaign_figures, campaigns, catalogue_lookups
from ..services.campaign_figures import BASIS
from ..services.campaign_input import TARGET_WORDS, CampaignInput
from ..services.errors import InvalidInput, NotFound
from ..web import page_arg
from . import bp
from .access import admin_required
from .charts import bar_chart
from .forms import CampaignForm

PER_PAGE = 25


def percent_text(basis: int | None) -> str:
    """Hundredths of a per cent as text: 1250 is "12.5%"; None (nobody in the group) is "n/a"."""
    if basis is None:
        return "n/a"
    return f"{basis / (BASIS // 100):.1f}%"


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "").strip())
    except ValueError:
        return None


def _choices(form: CampaignForm) -> None:
    keep = []
    for value in [*(form.products.data or []), request.args.get("product", "")]:
        try:
            keep.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    products = campaign_figures.product_choices(tuple(keep))
    form.products.choices = [(str(product_id), name) for product_id, name in products]
    form.brand.choices = [("", "No brand")] + [
        (str(brand.id), brand.name) for brand in catalogue_lookups.brands()
    ]


def _input(form: CampaignForm) -> CampaignInput:
    return CampaignInput(
        products=list(form.products.data or []),
        brand=form.brand.data or None,
        removed_from=form.removed_from.data,
        removed_until=form.removed_until.data,
        discount_percent=form.discount_percent.data,
        valid_days=form.valid_days.data,
        hold_out_percent=form.hold_out_percent.data,
        target=form.target.data,
    )


@bp.get("/campaigns")
@admin_required
def campaigns_list() -> str:
    items, total = campaign_figures.list_campaigns(page_arg(), PER_PAGE)
    return render_template(
        "admin/campaigns.html",
        items=items,
        total=total,
        page=page_arg(),
        per_page=PER_PAGE,
        percent_text=percent_text,
    )


@bp.route("/campaigns/new", methods=["GET", "POST"])
@admin_required
def campaign_new() -> str | Response:
    form = CampaignForm()
    if request.method == "GET":
        form.products.data = [request.args["product"]] if request.args.get("product") else []
        form.removed_from.data = _date_arg("removed_from")
        form.removed_until.data = _date_arg("removed_until")
    _choices(form)
    if form.validate_on_submit():
        try:
            launched = campaigns.launch(_input(form), current_user.id)
        except InvalidInput as error:
            apply_service_errors(form, error)
        else:
            if launched.created:
                flash("The vouchers were issued and their e-mails queued.", "success")
            else:
                flash("This campaign had already been sent: nothing was sent again.", "warning")
            return redirect(url_for("admin.campaign_page", campaign_id=launched.campaign_id))
    return render_template("admin/campaign_form.html", form=form)


@bp.get("/campaigns/<int:campaign_id>")
@admin_required
def campaign_page(campaign_id: int) -> str:
    try:
        shown = campaign_figures.view(campaign_id)
    except NotFound as error:
        abort(404, description=error.message)
    figures = shown.figures
    groups = [(f"Targeted ({figures.targeted})", figures.targeted_conversion)]
    groups.append((f"Held out ({figures.held_out})", figures.held_out_conversion))
    chart = bar_chart(
        "Conversion: bought the products after the campaign was sent",
        [(label, basis) for label, basis in groups if basis is not None],
        formatter=percent_text,
    )
    return render_template(
        "admin/campaign.html",
        shown=shown,
        last_day=(shown.campaign.removed_until - timedelta(microseconds=1)).date(),
        figures=figures,
        chart=chart,
        target_words=TARGET_WORDS,
        percent_text=percent_text,
    )

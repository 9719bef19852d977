"""Admin: vouchers, one by one or in batches of generated codes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..forms import ButtonForm, apply_service_errors
from ..money import amount_text
from ..services import vouchers_admin
from ..services.errors import InvalidInput, NotFound, ServiceError
from ..services.voucher_input import VoucherInput
from ..web import page_arg
from . import bp
from .access import admin_required
from .forms import VoucherForm

PER_PAGE = 25
SCOPES = {"brand": "brands", "category": "categories"}


def _applies_to(text: str) -> dict[str, list[Any]]:
    scope: dict[str, list[Any]] = {"products": [], "brands": [], "categories": []}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        kind, _, slug = item.partition(":")
        if slug and kind.strip().lower() in SCOPES:
            slug = slug.strip()
            scope[SCOPES[kind.strip().lower()]].append(int(slug) if slug.isdigit() else slug)
        else:
            scope["products"].append(item)
    return scope


def _applies_to_text(voucher: Any) -> str:
    parts = []
    for target in voucher.targets:
        if target.product_id:
            parts.append(str(target.product_id))
        elif target.brand_id:
            parts.append(f"brand:{target.brand_id}")
        else:
            parts.append(f"category:{target.category_id}")
    return ", ".join(parts)


def _utc(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None else None


def _input(form: VoucherForm) -> VoucherInput:
    return VoucherInput(
        code=form.code.data or "",
        kind=form.kind.data,
        value=form.value.data,
        applies_to=_applies_to(form.applies_to.data),
        minimum_spend=form.minimum_spend.data or "0",
        starts_at=_utc(form.starts_at.data),
        ends_at=_utc(form.ends_at.data),
        usage_limit=form.usage_limit.data,
        per_customer_limit=form.per_customer_limit.data,
        customers=[name.strip() for name in (form.customers.data or "").split(",") if name.strip()],
    )


def _fill(form: VoucherForm, voucher: Any) -> None:
    form.code.data = voucher.code
    form.kind.data = voucher.kind
    form.value.data = amount_text(voucher.value)
    form.applies_to.data = _applies_to_text(voucher)
    form.minimum_spend.data = amount_text(voucher.minimum_spend_cents)
    form.starts_at.data = voucher.starts_at.replace(tzinfo=None) if voucher.starts_at else None
    form.ends_at.data = voucher.ends_at.replace(tzinfo=None) if voucher.ends_at else None
    form.usage_limit.data = voucher.usage_limit
    form.per_customer_limit.data = voucher.per_customer_limit
    form.customers.data = ", ".join(str(c.user_id) for c in voucher.customers)


@bp.get("/vouchers")
@admin_required
def vouchers_list() -> str:
    search = request.args.get("q", "").strip()
    items, total = vouchers_admin.list_vouchers(page_arg(), PER_PAGE, search)
    return render_template(
        "admin/vouchers.html",
        items=items,
        total=total,
        page=page_arg(),
        per_page=PER_PAGE,
        search=search,
        delete_form=ButtonForm(),
    )


@bp.route("/vouchers/new", methods=["GET", "POST"])
@bp.route("/vouchers/<int:voucher_id>", methods=["GET", "POST"])
@admin_required
def voucher_form(voucher_id: int | None = None) -> str | Response:
    voucher = None
    if voucher_id is not None:
        try:
            voucher = vouchers_admin.get_voucher(voucher_id)
        except NotFound as error:
            abort(404, description=error.message)
    form = VoucherForm()
    if form.validate_on_submit():
        try:
            if voucher_id is not None:
                saved = [vouchers_admin.update_voucher(voucher_id, vars(_input(form)))]
            elif form.count.data:
                saved = vouchers_admin.create_batch(_input(form), form.count.data, form.code.data)
            else:
                saved = [vouchers_admin.create_voucher(_input(form))]
        except InvalidInput as error:
            fields = {name.split(".")[0]: message for name, message in error.fields.items()}
            apply_service_errors(form, InvalidInput(fields))
        except vouchers_admin.CodeTaken as error:
            form.code.errors = [*form.code.errors, error.message]
        except ServiceError as error:
            flash(error.message, "error")
        else:
            what = f"{len(saved)} codes were" if len(saved) > 1 else f"Voucher {saved[0].code} was"
            flash(f"{what} saved.", "success")
            return redirect(url_for("admin.vouchers_list"))
    elif request.method == "GET" and voucher is not None:
        _fill(form, voucher)
    return render_template("admin/voucher_form.html", form=form, voucher=voucher)


@bp.post("/vouchers/<int:voucher_id>/delete")
@admin_required
def voucher_delete(voucher_id: int) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            vouchers_admin.delete_voucher(voucher_id)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash("The voucher was deleted.", "success")
    return redirect(url_for("admin.vouchers_list"))

"""Admin: brands, categories, stores and products."""

from __future__ import annotations

import uuid
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ..forms import apply_service_errors
from ..models import Brand, Category, Product, Store
from ..services import catalogue_admin, catalogue_lookups, images, stock
from ..services.catalogue_input import ProductInput
from ..services.errors import InvalidInput, ServiceError
from ..web import page_arg
from . import bp
from .access import admin_required
from .forms import ImageForm, NamedForm, ProductForm, StockForm

PER_PAGE = 25
KINDS: dict[str, tuple[type[Any], str, str]] = {
    "brands": (Brand, "Brand", "Brands"),
    "categories": (Category, "Category", "Categories"),
    "stores": (Store, "Store", "Stores"),
}


def _named_list(kind: str) -> str:
    model, _singular, plural = KINDS[kind]
    search = request.args.get("q", "").strip()
    items, total = catalogue_lookups.search_named(model, search, page_arg(), PER_PAGE)
    return render_template(
        "admin/named_list.html",
        kind=kind,
        title=plural,
        items=items,
        total=total,
        page=page_arg(),
        per_page=PER_PAGE,
        search=search,
    )


def _named_form(kind: str, item_id: int | None) -> str | Response:
    model, singular, _plural = KINDS[kind]
    item = None
    if item_id is not None:
        item = catalogue_lookups.get_named(model, item_id)
        if item is None:
            abort(404, description=f"There is no such {singular.lower()}.")
    form = NamedForm(obj=item)
    if form.validate_on_submit():
        try:
            saved = catalogue_admin.save_named(
                model, item_id, form.name.data, form.slug.data, form.description.data
            )
        except (InvalidInput, catalogue_admin.NameTaken) as error:
            apply_service_errors(form, error)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(f"{singular} {saved.name} was saved.", "success")
            return redirect(url_for(f"admin.{kind}_list"))
    return render_template(
        "admin/named_form.html",
        form=form,
        kind=kind,
        singular=singular,
        item=item,
        with_description=model is Store,
    )


def _register_named(kind: str) -> None:
    def list_view() -> str:
        return _named_list(kind)

    def new_view() -> str | Response:
        return _named_form(kind, None)

    def edit_view(item_id: int) -> str | Response:
        return _named_form(kind, item_id)

    bp.add_url_rule(f"/{kind}/", f"{kind}_list", admin_required(list_view))
    bp.add_url_rule(
        f"/{kind}/new", f"{kind}_new", admin_required(new_view), methods=["GET", "POST"]
    )
    bp.add_url_rule(
        f"/{kind}/<int:item_id>", f"{kind}_edit", admin_required(edit_view), methods=["GET", "POST"]
    )


for _kind in KINDS:
    _register_named(_kind)


def _product_form(product: Product | None) -> ProductForm:
    form = ProductForm(obj=product)
    if product is not None and request.method == "GET":
        form.price.data = f"{product.price:.2f}"
    form.brand_id.choices = [
        SelectChoice(item.id, item.name) for item in catalogue_lookups.brands()
    ]
    form.category_id.choices = [
        SelectChoice(item.id, item.name) for item in catalogue_lookups.categories()
    ]
    form.store_id.choices = [
        SelectChoice(item.id, item.name) for item in catalogue_lookups.stores()
    ]
    return form


@bp.get("/products/")
@admin_required
def products_list() -> str:
    search = request.args.get("q", "").strip()
    items, total = catalogue_lookups.search_products(search, page_arg(), PER_PAGE)
    return render_template(
        "admin/products_list.html",
        items=items,
        total=total,
        page=page_arg(),
        per_page=PER_PAGE,
        search=search,
    )


@bp.route("/products/new", methods=["GET", "POST"])
@admin_required
def products_new() -> str | Response:
    return _save_product(None)


@bp.route("/products/<uuid:product_id>", methods=["GET", "POST"])
@admin_required
def products_edit(product_id: uuid.UUID) -> str | Response:
    return _save_product(product_id)


def _save_product(product_id: uuid.UUID | None) -> str | Response:
    product = catalogue_lookups.get_product(product_id) if product_id else None
    if product_id and product is None:
        abort(404, description="There is no such product.")
    form = _product_form(product)
    if product is not None:
        # Stock changes go through the stock form, under the row lock, so that an
        # edit never writes back a count that sales have moved on from.
        del form.stock
    if form.validate_on_submit():
        fields = {
            "name": form.name.data,
            "slug": form.slug.data,
            "brand_id": form.brand_id.data,
            "category_id": form.category_id.data,
            "store_id": form.store_id.data,
            "description": form.description.data or "",
            "price": form.price.data,
            "active": form.active.data,
            "track_stock": form.track_stock.data,
        }
        try:
            if product_id is None:
                saved = catalogue_admin.save_product(
                    None, ProductInput(**fields, stock=form.stock.data)
                )
            else:
                saved = catalogue_admin.update_product(product_id, fields)
        except (
            InvalidInput,
            catalogue_admin.NameTaken,
            catalogue_admin.StockBelowReserved,
        ) as error:
            apply_service_errors(form, error)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(f"Product {saved.name} was saved.", "success")
            return redirect(url_for("admin.products_edit", product_id=saved.id))
    reserved = stock.reserved_quantity(product.id) if product else 0
    return render_template(
        "admin/product_form.html",
        form=form,
        product=product,
        reserved=reserved,
        stock_form=StockForm(formdata=None),
        images=images.images_of(product.id) if product else [],
        image_form=ImageForm(formdata=None),
    )


@bp.post("/products/<uuid:product_id>/stock")
@admin_required
def products_stock(product_id: uuid.UUID) -> Response:
    form = StockForm()
    if not form.validate_on_submit():
        flash("Amount must be a whole number.", "error")
        return redirect(url_for("admin.products_edit", product_id=product_id))
    try:
        if form.mode.data == "set":
            product = catalogue_admin.change_stock(product_id, set_to=form.amount.data)
        else:
            product = catalogue_admin.change_stock(product_id, delta=form.amount.data)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(f"Stock of {product.name} is now {product.stock}.", "success")
    return redirect(url_for("admin.products_edit", product_id=product_id))

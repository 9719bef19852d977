"""The catalogue: listings, product pages, store pages."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, render_template, request, url_for

from ..models import Store
from ..services import catalogue
from ..services.catalogue import SORTS, CatalogueQuery

bp = Blueprint("catalogue", __name__)


def _listing(template: str, query: CatalogueQuery, store: Store | None = None) -> str:
    searched = replace(query, store=store.slug) if store else query
    page = catalogue.list_products(searched, int(current_app.config["CATALOGUE_PAGE_SIZE"]))
    return render_template(
        template,
        page=page,
        query=query,
        store=store,
        sorts=SORTS,
        brands=catalogue.brands(),
        categories=catalogue.categories(),
        stores=catalogue.stores(),
    )


@bp.app_template_global()
def listing_url(query: CatalogueQuery, **changes: object) -> str:
    """The current listing's address with ``changes`` to its query."""
    return url_for(
        request.endpoint or "catalogue.index",
        **(request.view_args or {}),
        **query.as_args(**changes),
    )


@bp.get("/")
@bp.get("/products")
def index() -> str:
    return _listing("catalogue/index.html", CatalogueQuery.from_args(request.args))


@bp.get("/products/<slug>")
def product(slug: str) -> str:
    found = catalogue.get_product_by_slug(slug)
    if found is None:
        abort(404, description="There is no product at this address.")
    return render_template(
        "catalogue/product.html", product=found, available=catalogue.available_for(found)
    )


@bp.get("/stores/<slug>")
def store(slug: str) -> str:
    found = catalogue.get_store_by_slug(slug)
    if found is None:
        abort(404, description="There is no store at this address.")
    query = replace(CatalogueQuery.from_args(request.args), store=None)
    return _listing("catalogue/store.html", query, store=found)

"""The catalogue: listings, product pages, store pages."""

from __future__ import annotations

from dataclasses import replace

from flask import abort, current_app, render_template, request, url_for
from flask_login import current_user

from ..forms import ButtonForm
from ..services import back_in_stock, catalogue, catalogue_lookups, search
from ..services.catalogue_lookups import Reference, References
from ..services.catalogue_query import SEARCH_SORTS, SORTS, CatalogueQuery
from . import bp


def _listing(
    template: str, query: CatalogueQuery, refs: References, store: Reference | None = None
) -> str:
    searched = replace(query, store=store.slug) if store else query
    find = catalogue.list_products if query.q is None else search.search_products
    page = find(searched, int(current_app.config["CATALOGUE_PAGE_SIZE"]), refs=refs, cards=True)
    return render_template(
        template,
        page=page,
        query=query,
        store=store,
        sorts=SORTS if query.q is None else SEARCH_SORTS,
        refs=refs,
        brands=refs.brands,
        categories=refs.categories,
        stores=refs.stores,
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
    query = CatalogueQuery.from_args(request.args)
    template = "catalogue/index.html" if query.q is None else "catalogue/search.html"
    return _listing(template, query, catalogue_lookups.references())


@bp.get("/search")
def search_page() -> str:
    """Search results; with nothing typed yet, the search box and the way to the catalogue."""
    query = CatalogueQuery.from_args(request.args)
    return _listing("catalogue/search.html", query, catalogue_lookups.references())


@bp.get("/products/<slug>")
def product(slug: str) -> str:
    found = catalogue_lookups.product_with_available(slug)
    if found is None:
        abort(404, description="There is no product at this address.")
    product, available = found
    waiting = None  # asked only of a signed-in customer looking at a product they cannot buy
    if current_user.is_authenticated and (not product.active or available <= 0):
        waiting = back_in_stock.is_waiting(current_user.id, product.id)
    return render_template(
        "catalogue/product.html",
        product=product,
        available=available,
        waiting=waiting,
        notify_form=ButtonForm() if waiting is not None else None,
    )


@bp.get("/stores/<slug>")
def store(slug: str) -> str:
    refs = catalogue_lookups.references()
    found = refs.find("store", slug)
    if found is None:
        abort(404, description="There is no store at this address.")
    query = replace(CatalogueQuery.from_args(request.args), store=None)
    return _listing("catalogue/store.html", query, refs, store=found)

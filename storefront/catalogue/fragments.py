"""Parts of the catalogue's pages that are the same for every visitor, rendered once per process.

A listing page shows 24 cards and its filters' 40-odd options, and rendering them was a third
of its CPU; a product page's header, pictures, price and description were most of its own
template's. Those parts depend only on the products (the forms after them carry the visitor's
own CSRF token and return address) and on the query, so they are kept, rendered, keyed by
everything they show: a product whose name, price, pictures or units available change, or a
new brand, is a new key, never a stale page. Templates are read again in debug mode, so
nothing is kept then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, request
from markupsafe import Markup

from ..services.catalogue_lookups import References
from ..services.catalogue_query import CatalogueQuery
from ..services.listing_rows import CardProduct, Listed
from ..services.product_page import ShownProduct
from . import bp

# Rendered parts kept per app and kind (about a kilobyte each); all are dropped when full.
KEPT = 4096
# Filters run to a few kilobytes, one set per search typed: fewer of them are kept.
KEPT_FILTERS = 512


def _kept(
    kind: str, key: tuple[Any, ...], render: Callable[[], Markup], limit: int = KEPT
) -> Markup:
    """``render()``, kept per app under ``key`` (every value the markup shows)."""
    kept: dict[tuple[Any, ...], Markup] = current_app.extensions.setdefault(kind, {})
    found = kept.get(key)
    if found is None:
        if len(kept) >= limit:
            kept.clear()
        found = kept[key] = render()
    return found


def _macro(template: str, name: str) -> Callable[..., Markup]:
    return getattr(current_app.jinja_env.get_template(template).module, name)  # type: ignore[no-any-return]


@bp.app_template_global()
def card_head(item: Listed, product_path: str, lazy: bool) -> Markup:
    """The card of ``item`` up to its form: its link, picture, name, brand, price and stock."""
    product = item.product
    available = item.available if product.track_stock else None
    href = product_path + product.slug
    render = _macro("catalogue/_card.html", "card_head")
    if not isinstance(product, CardProduct) or current_app.jinja_env.auto_reload:
        return render(product, available, href, lazy)
    key = (product, available, href, lazy)
    return _kept("catalogue_cards", key, lambda: render(product, available, href, lazy))


@bp.app_template_global()
def product_head(product: ShownProduct) -> Markup:
    """A product page's header (brand, category, store), pictures, price and description."""
    render = _macro("catalogue/_product_head.html", "product_head")
    if not isinstance(product, ShownProduct) or current_app.jinja_env.auto_reload:
        return render(product)
    key = (product, request.script_root)
    return _kept("catalogue_product_heads", key, lambda: render(product))


@bp.app_template_global()
def listing_filters(
    query: CatalogueQuery, refs: References, store: Any, sorts: dict[str, str]
) -> Markup:
    """A listing's filters (brands, categories, stores) and sorts, with the query's chosen."""
    render = _macro("catalogue/_filters.html", "filters")
    if current_app.jinja_env.auto_reload:
        return render(query, refs, store, sorts)
    chosen = (query.q, query.brand, query.category, query.store, query.sort)
    key = (refs.stamp, *chosen, store is None, tuple(sorts.items()))
    return _kept("catalogue_filters", key, lambda: render(query, refs, store, sorts), KEPT_FILTERS)

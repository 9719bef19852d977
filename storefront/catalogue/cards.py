"""Listing cards, each rendered once per process for what it shows.

A listing page shows 24 cards, and rendering their pictures, names, brands, prices and stock
lines was a third of a catalogue page's CPU. That part of a card depends only on the product
(the add-to-cart form after it carries the visitor's own CSRF token and return address), so
it is kept, rendered, keyed by everything it shows: a product whose name, price, picture or
units available change is a new key, never a stale card.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from markupsafe import Markup

from ..services.listing_rows import CardProduct, Listed
from . import bp

TEMPLATE = "catalogue/_card.html"
# Rendered cards kept per app (about a kilobyte each); all are dropped when it is full.
KEPT_CARDS = 4096


@bp.app_template_global()
def card_head(item: Listed, product_path: str, lazy: bool) -> Markup:
    """The card of ``item`` up to its form: its link, picture, name, brand, price and stock."""
    product = item.product
    available = item.available if product.track_stock else None
    env = current_app.jinja_env
    render = env.get_template(TEMPLATE).module.card_head  # type: ignore[attr-defined]
    href = product_path + product.slug
    if not isinstance(product, CardProduct) or env.auto_reload:
        return render(product, available, href, lazy)  # Markup: the template escaped it
    kept: dict[tuple[Any, ...], Markup] = current_app.extensions.setdefault("catalogue_cards", {})
    key = (product, available, href, lazy)
    found = kept.get(key)
    if found is None:
        if len(kept) >= KEPT_CARDS:
            kept.clear()
        found = kept[key] = render(product, available, href, lazy)
    return found

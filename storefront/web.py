"""Helpers the HTML blueprints share: where a ``next`` parameter may send someone, which page,
money as the pages show it."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request, url_for

from .services.shop_money import money_text

MAX_PAGE = 10_000


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a local path, else None."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def page_arg() -> int:
    """The ``page`` query argument, within bounds."""
    try:
        return min(max(1, int(request.args.get("page", 1))), MAX_PAGE)
    except ValueError:
        return 1


def money(cents: int, currency: str | None = None) -> str:
    """The one way pages (the ``|money`` filter) and messages show money: in ``currency`` or
    the shop's ``PAYMENT_CURRENCY``, written the ``MONEY_LOCALE`` way (``services.shop_money``)."""
    return money_text(cents, currency)


def fixed_url(endpoint: str, **values: str) -> str:
    """``url_for`` for an address with no part that changes between requests (a page without
    arguments, a static file): built once per process, for every page's header and links."""
    key = (endpoint, request.script_root, *sorted(values.items()))
    kept: dict[tuple[str, ...], str] = current_app.extensions.setdefault("fixed_urls", {})
    found = kept.get(key)
    if found is None:
        found = kept[key] = url_for(endpoint, **values)
    return found

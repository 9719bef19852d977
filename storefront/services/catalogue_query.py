"""What a listing is asked for: the shopper's query, and cursors that mark a place in its order."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..models import Product
from ..rules import SEARCH_QUERY_MAX_LENGTH

SORTS: dict[str, str] = {
    "name": "Name",
    "brand": "Brand",
    "price": "Price, low to high",
    "-price": "Price, high to low",
    "newest": "Newest",
}
DEFAULT_SORT = "name"
# A search is ranked by how well each product matches, unless another sort is chosen.
RELEVANCE = "relevance"
SEARCH_SORTS: dict[str, str] = {RELEVANCE: "Relevance", **SORTS}
MAX_PAGE = 10_000


@dataclass(frozen=True)
class CatalogueQuery:
    """What a shopper asked the catalogue for; unknown values fall back to defaults."""

    brand: str | None = None
    category: str | None = None
    store: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    # Cursors (see encode_cursor): the page after, or before, a given product.
    after: str | None = None
    before: str | None = None
    # What was typed into the search box: None when not searching.
    q: str | None = None

    @property
    def default_sort(self) -> str:
        """Relevance for a search, else the catalogue's default."""
        return RELEVANCE if self.q is not None else DEFAULT_SORT

    @classmethod
    def from_args(cls, args: Any) -> CatalogueQuery:
        """Build a query from request-like arguments, ignoring what does not parse."""
        q = (args.get("q") or "").strip()[:SEARCH_QUERY_MAX_LENGTH] or None
        sorts = SEARCH_SORTS if q is not None else SORTS
        sort = args.get("sort") or (RELEVANCE if q is not None else DEFAULT_SORT)
        try:
            page = int(args.get("page") or 1)
        except (TypeError, ValueError):
            page = 1
        return cls(
            brand=args.get("brand") or None,
            category=args.get("category") or None,
            store=args.get("store") or None,
            sort=sort if sort in sorts else (RELEVANCE if q is not None else DEFAULT_SORT),
            page=min(max(page, 1), MAX_PAGE),
            after=args.get("after") or None,
            before=args.get("before") or None,
            q=q,
        )

    def as_args(self, **changes: Any) -> dict[str, Any]:
        """The query as URL arguments, with ``changes`` applied, defaults left out."""
        values = {
            "q": self.q,
            "brand": self.brand,
            "category": self.category,
            "store": self.store,
            "sort": self.sort if self.sort != self.default_sort else None,
            "page": self.page if self.page != 1 else None,
            "after": self.after,
            "before": self.before,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in (None, "", 1)}


@dataclass(frozen=True)
class Cursor:
    """A place in a listing's order: the page number it leads to and the sort key it passed."""

    page: int
    key: tuple[Any, ...]


def encode_cursor(page: int, key: tuple[Any, ...]) -> str:
    """A cursor as a short URL-safe token."""
    values = [page, *(_plain(value) for value in key)]
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def decode_cursor(token: str | None, columns: tuple[Any, ...]) -> Cursor | None:
    """The cursor in ``token`` for a sort on ``columns``, or None when it does not fit."""
    if not token or len(token) > 1000:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (ValueError, binascii.Error):
        return None
    if not isinstance(values, list) or len(values) != len(columns) + 1:
        return None
    page, *rest = values
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        return None
    key = []
    for column, value in zip(columns, rest, strict=True):
        parsed = _parse(column, value)
        if parsed is None:
            return None
        key.append(parsed)
    return Cursor(page, tuple(key))


def _parse(column: Any, value: Any) -> Any:
    try:
        if column is Product.id:
            return uuid.UUID(hex=value)
        if column is Product.created_at:
            moment = datetime.fromisoformat(value)
            return moment if moment.tzinfo is not None else None
        if column is Product.price_cents:
            return value if isinstance(value, int) and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None

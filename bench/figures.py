"""What a bench run measured: one row per page, and each catalogue size's run."""

from __future__ import annotations

from dataclasses import dataclass, field

# Search beside the catalogue: two words ranked by relevance, and a word still being typed.
# Target: each one's p50 at most 3x the catalogue's first page at 1,000,000 products.
SEARCH_PAGES = {
    "search, relevance: les paul": "/search?q=les+paul",
    "search, a word being typed: hummingb": "/search?q=hummingb",
}
SEARCH_P50_LIMIT = 3.0
FIRST_VISIT = ", first visit"  # rows loaded without any cookie


@dataclass
class Row:
    """One line of the table."""

    page: str
    products: int
    rps: float
    p50_ms: float
    p99_ms: float
    ceiling: str | None = None  # the reference this page is compared with
    note: str = ""
    errors: int = 0


@dataclass
class Run:
    """What one size measured, for the table and the targets."""

    products: int
    rows: list[Row] = field(default_factory=list)
    worker_rss_mb: float | None = None
    catalogue_requests: int = 0
    checkout: dict | None = None
    checkout_reference: dict | None = None

    def get(self, page: str) -> Row | None:
        return next((row for row in self.rows if row.page == page), None)

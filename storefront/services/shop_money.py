"""Money as the shop writes it: in its currency (``PAYMENT_CURRENCY``), the ``MONEY_LOCALE`` way.

The one place that reads those settings for text: the pages' ``|money`` filter
(``web.money``), the e-mails and the services' messages (a voucher's minimum spend) all
come here, so a shop selling in euros never shows a dollar sign.
"""

from __future__ import annotations

from flask import current_app

from ..money import format_money


def money_text(cents: int, currency: str | None = None) -> str:
    """``cents`` in ``currency`` (the shop's by default), written the shop's way."""
    config = current_app.config
    return format_money(cents, currency or config["PAYMENT_CURRENCY"], config["MONEY_LOCALE"])

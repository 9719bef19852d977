"""Shared by the customer's and the admin's order pages: who acts, and how a refund went."""

from __future__ import annotations

from flask import flash
from flask_login import current_user

from ..services.order_events import Actor
from ..services.refunds import RefundReport
from ..web import money


def actor() -> Actor:
    """The signed-in user, as the order's events name them."""
    return Actor(current_user.id, current_user.username, bool(current_user.is_admin))


def tell_refund(report: RefundReport | None, *, customer: bool = False) -> None:
    """Flash what became of a refund, in the reader's words."""
    if report is None:
        return
    amount = money(report.amount_cents)
    if report.succeeded:
        whose = "your card" if customer else "the customer's card"
        flash(f"{amount} was refunded to {whose}.", "success")
    elif report.pending:
        flash(
            f"The refund of {amount} is recorded, but the payment service has not confirmed "
            "it yet. It is retried until it goes through, and never paid twice.",
            "warning",
        )
    else:
        flash(f"The refund of {amount} was refused: {report.error}", "error")

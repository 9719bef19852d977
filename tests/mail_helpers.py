"""Helpers for the mail tests: queue a message, read the outbox, read .eml files."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy import select

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import OutboxMessage
from storefront.services.outbox import queue_mail


def queue(key: str = "hello:1", to: str = "ada@example.com", **context: Any) -> None:
    """Queue one order-confirmation-shaped message in a transaction of its own."""
    values = {
        "name": "Ada",
        "number": "SF-TEST-0001",
        "total_cents": 129900,
        "card_last4": "4242",
        "order_path": "/orders/x",
        "lines": [
            {
                "name": "Telecaster",
                "quantity": 1,
                "unit_price_cents": 129900,
                "line_total_cents": 129900,
            }
        ],
        **context,
    }
    with write_transaction() as session:
        queue_mail(
            session.connection(), template="order-confirmation", to=to, context=values, key=key
        )


def outbox() -> list[OutboxMessage]:
    db.session.rollback()
    rows = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    db.session.rollback()
    return rows


def eml_files(instance: Path) -> list[EmailMessage]:
    folder = instance / "mail"
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for path in sorted(folder.glob("*.eml"))
    ]


def parts(message: EmailMessage) -> dict[str, str]:
    """The message's text and HTML bodies, by subtype."""
    return {
        part.get_content_subtype(): part.get_content()
        for part in message.walk()
        if part.get_content_maintype() == "text"
    }

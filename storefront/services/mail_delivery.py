"""Delivering the outbox: each message sent once, retried with backoff, never lost.

A run claims a batch of due messages in one short transaction (a claim token and a
lease, ``MAIL_CLAIM_SECONDS``): two workers never claim the same row, and a worker that
dies mid-batch only delays its rows until the lease lapses. Messages are sent outside any
transaction; each one is marked sent (or given its next try, ``attempts`` and the error)
right after, so a crash re-sends at most the message that was on the wire, under its same
``Message-ID``. A mail server that is down costs each claimed message one try and a
backoff (``MAIL_BACKOFF_SECONDS`` doubling up to ``MAIL_BACKOFF_MAX_SECONDS``); a message
the server refuses for good (5xx) is kept as ``failed`` with the server's words.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import Row, bindparam, func, or_, select, update

from ..database import write_transaction
from ..extensions import db
from ..mail.message import Letter, compose
from ..mail.transports import MailServerDown, Refused, Transport, transport_for
from ..models import OutboxMessage
from ..models.base import utcnow
from ..models.outbox import FAILED, PENDING, SENT
from .mail_templates import render_mail

log = logging.getLogger(__name__)

OUTBOX = OutboxMessage.__table__
_DUE = (
    select(OUTBOX.c.id)
    .where(
        OUTBOX.c.status == PENDING,
        OUTBOX.c.next_attempt_at <= bindparam("now"),
        or_(OUTBOX.c.claimed_until.is_(None), OUTBOX.c.claimed_until < bindparam("now")),
    )
    .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
    .with_for_update(skip_locked=True)  # PostgreSQL: a second worker takes other rows
)
# Checked again row by row: only a row still due and unclaimed is taken.
_CLAIM = (
    update(OUTBOX)
    .where(
        OUTBOX.c.id.in_(bindparam("ids", expanding=True)),
        OUTBOX.c.status == PENDING,
        or_(OUTBOX.c.claimed_until.is_(None), OUTBOX.c.claimed_until < bindparam("now")),
    )
    .values(claim_token=bindparam("token"), claimed_until=bindparam("until"))
    .returning(
        OUTBOX.c.id,
        OUTBOX.c.key,
        OUTBOX.c.template,
        OUTBOX.c.to_address,
        OUTBOX.c.context,
        OUTBOX.c.message_id,
        OUTBOX.c.attempts,
        OUTBOX.c.created_at,
    )
)
_MINE = (OUTBOX.c.id == bindparam("row_id"), OUTBOX.c.claim_token == bindparam("token"))
_SENT = (
    update(OUTBOX)
    .where(*_MINE)
    .values(
        status=SENT,
        sent_at=bindparam("now"),
        attempts=OUTBOX.c.attempts + 1,
        last_error=None,
        claim_token=None,
        claimed_until=None,
    )
)
_RETRY = (
    update(OUTBOX)
    .where(*_MINE)
    .values(
        status=bindparam("status"),
        attempts=OUTBOX.c.attempts + 1,
        next_attempt_at=bindparam("next_at"),
        last_error=bindparam("error"),
        claim_token=None,
        claimed_until=None,
    )
)
_RELEASE = update(OUTBOX).where(*_MINE).values(claim_token=None, claimed_until=None)
_NEXT_DUE = select(func.min(OUTBOX.c.next_attempt_at)).where(OUTBOX.c.status == PENDING)


@dataclass
class DeliveryReport:
    """What one run did, and when the next pending message is due (None: nothing waits)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    next_due: datetime | None = None
    problems: list[str] = field(default_factory=list)


def deliver_due(max_batches: int = 20) -> DeliveryReport:
    """Send every message that is due now, batch after batch; safe beside other workers."""
    report = DeliveryReport()
    for _ in range(max_batches):
        token = secrets.token_hex(16)
        rows = _claim(token)
        if not rows:
            break
        _deliver(rows, token, report)
    db.session.rollback()
    report.next_due = db.session.scalar(_NEXT_DUE)
    db.session.rollback()
    return report


def _claim(token: str) -> list[Row[Any]]:
    config = current_app.config
    now = utcnow()
    until = now + timedelta(seconds=float(config["MAIL_CLAIM_SECONDS"]))
    with write_transaction() as session:
        connection = session.connection()
        due = _DUE.limit(int(config["MAIL_BATCH_SIZE"]))
        ids = list(connection.execute(due, {"now": now}).scalars())
        if not ids:
            return []
        claimed = connection.execute(
            _CLAIM, {"ids": ids, "now": now, "token": token, "until": until}
        ).all()
    return sorted(claimed, key=lambda row: row.id)


def _transport() -> Transport:
    config = current_app.config
    directory = config.get("MAIL_DIR") or Path(current_app.instance_path) / "mail"
    return transport_for(
        config.get("MAIL_URL"), Path(directory), float(config["MAIL_TIMEOUT_SECONDS"])
    )


def _deliver(rows: list[Row[Any]], token: str, report: DeliveryReport) -> None:
    lease = float(current_app.config["MAIL_CLAIM_SECONDS"])
    started = time.monotonic()
    try:
        with _transport() as transport:
            for index, row in enumerate(rows):
                if time.monotonic() - started > lease / 2:  # let the rest go, unclaimed
                    _release(rows[index:], token)
                    return
                _deliver_one(transport, row, token, report)
    except MailServerDown as error:  # could not even connect: every claimed row waits
        for row in rows:
            _retry(row, token, str(error), report)


def _deliver_one(transport: Transport, row: Row[Any], token: str, report: DeliveryReport) -> None:
    try:
        words = render_mail(row.template, row.context)
    except Exception as error:  # a template fault: fixed by a deploy, so keep trying
        log.exception("mail could not be rendered outbox=%s template=%s", row.id, row.template)
        _retry(row, token, f"rendering failed: {type(error).__name__}: {error}", report)
        return
    letter = Letter(
        sender=str(current_app.config["MAIL_FROM"]),
        to=row.to_address,
        subject=words.subject,
        text=words.text,
        html=words.html,
        message_id=row.message_id,
        date=utcnow(),
        unsubscribe_url=row.context.get("unsubscribe_url") or None,  # an offer's way out
    )
    name = f"{row.created_at:%Y%m%d-%H%M%S}-{row.id}-{row.template}"
    try:
        where = transport.send(compose(letter), name)
    except Refused as error:
        _retry(row, token, str(error), report, give_up=True)
        return
    except MailServerDown as error:
        _retry(row, token, str(error), report)
        return
    with write_transaction() as session:
        marked = session.execute(_SENT, {"row_id": row.id, "token": token, "now": utcnow()})
    if marked.rowcount != 1:  # type: ignore[attr-defined]
        log.warning("mail sent after its claim lapsed outbox=%s", row.id)
    report.sent += 1
    log.info(
        "mail sent outbox=%s key=%s template=%s to=%s via=%s",
        row.id,
        row.key,
        row.template,
        row.to_address,
        where,
    )


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try (1, 2, ...)."""
    config = current_app.config
    base = float(config["MAIL_BACKOFF_SECONDS"])
    ceiling = float(config["MAIL_BACKOFF_MAX_SECONDS"])
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), ceiling))


def _retry(
    row: Row[Any], token: str, error: str, report: DeliveryReport, *, give_up: bool = False
) -> None:
    attempts = row.attempts + 1
    values = {
        "row_id": row.id,
        "token": token,
        "status": FAILED if give_up else PENDING,
        "next_at": utcnow() + backoff(attempts),
        "error": error[:2000],
    }
    with write_transaction() as session:
        session.execute(_RETRY, values)
    report.problems.append(error)
    if give_up:
        report.failed += 1
        log.error("mail refused for good outbox=%s key=%s error=%s", row.id, row.key, error)
    else:
        report.retried += 1
        log.warning(
            "mail not sent outbox=%s key=%s attempt=%s retry_at=%s error=%s",
            row.id,
            row.key,
            attempts,
            values["next_at"].isoformat(timespec="seconds"),
            error,
        )


def _release(rows: list[Row[Any]], token: str) -> None:
    with write_transaction() as session:
        for row in rows:
            session.execute(_RELEASE, {"row_id": row.id, "token": token})


def counts() -> dict[str, int]:
    """How many messages the outbox holds, by status."""
    rows = db.session.execute(select(OUTBOX.c.status, func.count()).group_by(OUTBOX.c.status))
    return {row[0]: row[1] for row in rows}

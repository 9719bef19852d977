"""The outbox: an e-mail is queued in the transaction that causes it, and sent after it.

``queue_mail`` writes one row in the caller's transaction, so the message exists exactly
when the change that causes it does. Its ``key`` says what the message is about (e.g.
``order-confirmation:<order id>``) and is unique: queuing the same key again does nothing,
so a message is queued once however often its cause is retried. After the commit the
worker is woken to deliver it (``mail_delivery``); a periodic run sends whatever a wake-up
missed, and retries what failed.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from email.utils import make_msgid, parseaddr
from typing import Any

from flask import current_app
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from ..database import after_commit
from ..models import OutboxMessage
from ..models.base import utcnow
from ..models.outbox import PENDING

log = logging.getLogger(__name__)

OUTBOX = OutboxMessage.__table__
# Where ``create_app`` puts the function that wakes the worker (none: the periodic run sends).
WAKER = "storefront_outbox_waker"
_INSERTS = {
    "postgresql": postgresql.insert(OUTBOX).on_conflict_do_nothing(index_elements=["key"]),
    "sqlite": sqlite.insert(OUTBOX).on_conflict_do_nothing(index_elements=["key"]),
}


def queue_mail(
    connection: Connection, *, template: str, to: str, context: dict[str, Any], key: str
) -> None:
    """Queue one e-mail in the caller's transaction; a key already queued is left as it is.

    ``template`` names ``templates/mail/<template>.subject.txt``, ``.txt`` and ``.html``,
    rendered with ``context`` (plain JSON values) when the message is delivered.
    ORM callers pass ``db.session.connection()``.
    """
    now = utcnow()
    values = {
        "key": key,
        "template": template,
        "to_address": to,
        "context": json.loads(json.dumps(context)),  # plain JSON now, not at delivery
        "message_id": make_msgid(domain=_sender_domain()),
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    connection.execute(_INSERTS[connection.dialect.name], values)
    after_commit(connection, wake_worker)


def _sender_domain() -> str:
    address = parseaddr(str(current_app.config["MAIL_FROM"]))[1]
    return address.rpartition("@")[2] or "localhost"


def wake_worker() -> None:
    """Ask the worker to deliver now; the periodic run covers a wake-up that gets lost."""
    waker: Callable[[], None] | None = current_app.extensions.get(WAKER)
    if waker is None:
        return
    try:
        waker()
    except Exception:  # the queue is away: the message waits for the periodic run
        log.warning("could not wake the mail worker; the next periodic run sends", exc_info=True)

"""Housekeeping for the server-side sessions kept in the database."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from ..database import write_transaction
from ..models.base import utcnow
from ..models.sessions import WebSession


def purge(max_rows: int) -> int:
    """Delete expired sessions, then the soonest-expiring beyond ``max_rows``; return the count.

    First visits store nothing, so rows come from carts, logins and flash messages; the
    cap bounds what a flood of those can leave behind.
    """
    with write_transaction() as session:
        removed = session.execute(delete(WebSession).where(WebSession.expiry <= utcnow())).rowcount
        total = session.scalar(select(func.count()).select_from(WebSession)) or 0
        if total > max_rows:
            oldest = (
                select(WebSession.id).order_by(WebSession.expiry).limit(total - max_rows)
            ).scalar_subquery()
            removed += session.execute(delete(WebSession).where(WebSession.id.in_(oldest))).rowcount
    return int(removed)

"""Workers delivering at once: every message reaches the server exactly once."""

from __future__ import annotations

from collections import Counter

from storefront.services.mail_delivery import deliver_due
from tests.mail_helpers import outbox, queue
from tests.test_cart_concurrency import run_at_once


def test_four_workers_at_once_send_each_message_once(make_app, smtp_server):
    app = make_app(MAIL_URL=smtp_server.url, MAIL_BATCH_SIZE=5)
    with app.app_context():
        for number in range(40):
            queue(key=f"order-confirmation:{number}", to=f"c{number}@example.com")

    reports = run_at_once(app, 4, lambda _n: deliver_due())
    assert sum(report.sent for report in reports) == 40
    received = Counter(message["To"] for message in smtp_server.inbox.messages)
    assert len(received) == 40
    assert set(received.values()) == {1}
    with app.app_context():
        assert {(row.status, row.attempts) for row in outbox()} == {("sent", 1)}


def test_a_worker_that_died_mid_claim_leaves_its_messages_to_the_next_after_the_lease(
    make_app, smtp_server
):
    from datetime import timedelta

    from sqlalchemy import update

    from storefront.database import write_transaction
    from storefront.models import OutboxMessage
    from storefront.models.base import utcnow

    app = make_app(MAIL_URL=smtp_server.url)
    with app.app_context():
        queue()
        with write_transaction() as session:  # claimed by a worker that then vanished
            session.execute(
                update(OutboxMessage).values(
                    claim_token="gone", claimed_until=utcnow() + timedelta(minutes=5)
                )
            )
        assert deliver_due().sent == 0  # its lease still holds
        with write_transaction() as session:
            session.execute(
                update(OutboxMessage).values(claimed_until=utcnow() - timedelta(seconds=1))
            )
        assert deliver_due().sent == 1
    assert len(smtp_server.inbox.messages) == 1

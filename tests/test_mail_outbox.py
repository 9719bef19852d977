"""The outbox: queued in the caller's transaction, sent once, retried while the server is down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from storefront.database import write_transaction
from storefront.extensions import db
from storefront.models import OutboxMessage
from storefront.services.mail_delivery import deliver_due
from storefront.services.outbox import queue_mail
from tests.mail_helpers import eml_files, outbox, parts, queue


def test_without_mail_url_each_message_is_an_eml_file_with_its_headers(make_app, tmp_path):
    app = make_app(MAIL_FROM="Guitar Shop <shop@guitars.test>")
    with app.app_context():
        queue(key="order-confirmation:1")
        report = deliver_due()
        assert report.sent == 1
        [row] = outbox()
        assert row.status == "sent"
        assert row.attempts == 1
        assert row.sent_at is not None

    [message] = eml_files(tmp_path / "instance")
    assert message["From"] == "Guitar Shop <shop@guitars.test>"
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Your order SF-TEST-0001 is confirmed"
    assert message["Message-ID"] == row.message_id
    assert message["Message-ID"].endswith("@guitars.test>")
    assert message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    bodies = parts(message)
    assert "$1,299.00" in bodies["plain"]
    assert "Telecaster" in bodies["plain"]
    assert "<table" in bodies["html"]
    assert "Telecaster" in bodies["html"]
    assert "http://127.0.0.1:5000/orders/x" in bodies["plain"]


def test_the_same_key_queued_twice_is_one_message_sent_once(ctx, smtp_server):
    ctx.config["MAIL_URL"] = smtp_server.url
    queue(key="order-confirmation:7")
    queue(key="order-confirmation:7", number="SF-OTHER")
    assert len(outbox()) == 1
    assert deliver_due().sent == 1
    assert deliver_due().sent == 0
    [message] = smtp_server.inbox.messages
    assert message["Subject"] == "Your order SF-TEST-0001 is confirmed"


def test_a_message_rolled_back_with_its_transaction_is_never_sent(ctx, smtp_server):
    ctx.config["MAIL_URL"] = smtp_server.url

    def failing_change() -> None:
        with write_transaction() as session:
            queue_mail(session.connection(), template="t", to="a@b.test", context={}, key="k")
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert outbox() == []
    assert deliver_due().sent == 0
    assert smtp_server.inbox.messages == []


def test_mail_server_down_loses_nothing_and_sends_once_when_back(ctx, smtp_server):
    ctx.config.update(MAIL_URL=smtp_server.url, MAIL_BACKOFF_SECONDS=30)
    smtp_server.stop()
    for number in range(3):
        queue(key=f"order-confirmation:{number}", to=f"c{number}@example.com")

    report = deliver_due()
    assert (report.sent, report.retried) == (0, 3)
    rows = outbox()
    assert {row.status for row in rows} == {"pending"}
    assert {row.attempts for row in rows} == {1}
    assert all("Connection refused" in (row.last_error or "") for row in rows)
    assert all(row.next_attempt_at > row.created_at + timedelta(seconds=29) for row in rows)
    assert report.next_due is not None

    assert deliver_due().sent == 0  # not due yet: the backoff holds
    smtp_server.start()
    _make_due()
    assert deliver_due().sent == 3
    assert deliver_due().sent == 0
    assert sorted(message["To"] for message in smtp_server.inbox.messages) == [
        "c0@example.com",
        "c1@example.com",
        "c2@example.com",
    ]
    rows = outbox()
    assert {(row.status, row.attempts, row.last_error) for row in rows} == {("sent", 2, None)}
    # Each try carries the message's one Message-ID.
    assert {m["Message-ID"] for m in smtp_server.inbox.messages} == {r.message_id for r in rows}


def test_backoff_doubles_up_to_its_ceiling(ctx, smtp_server):
    ctx.config.update(
        MAIL_URL=smtp_server.url, MAIL_BACKOFF_SECONDS=10, MAIL_BACKOFF_MAX_SECONDS=35
    )
    smtp_server.stop()
    queue()
    waits = []
    for _ in range(4):
        deliver_due()
        [row] = outbox()
        waits.append(round((row.next_attempt_at - _now()).total_seconds() / 5) * 5)
        _make_due()
    assert waits == [10, 20, 35, 35]
    assert outbox()[0].attempts == 4


def test_a_recipient_refused_for_good_is_kept_as_failed_and_not_retried(ctx, smtp_server):
    ctx.config.update(MAIL_URL=smtp_server.url, MAIL_BACKOFF_SECONDS=0)
    smtp_server.inbox.refuse.add("gone@example.com")
    queue(key="a", to="gone@example.com")
    queue(key="b", to="here@example.com")
    report = deliver_due()
    assert (report.sent, report.failed) == (1, 1)
    failed, sent = outbox()
    assert failed.status == "failed"
    assert "550" in failed.last_error
    assert sent.status == "sent"
    _make_due()
    assert deliver_due().sent == 0
    assert [m["To"] for m in smtp_server.inbox.messages] == ["here@example.com"]


def test_a_template_that_does_not_exist_is_retried_not_dropped(ctx, tmp_path):
    with write_transaction() as session:
        queue_mail(session.connection(), template="no-such", to="a@b.test", context={}, key="x")
    report = deliver_due()
    assert report.retried == 1
    [row] = outbox()
    assert row.status == "pending"
    assert "no-such" in row.last_error


def test_the_mail_commands_deliver_and_count(app, runner, tmp_path):
    with app.app_context():
        queue()
    assert "pending 1, sent 0, failed 0" in runner.invoke(args=["mail", "status"]).output
    result = runner.invoke(args=["mail", "deliver"])
    assert "Sent 1;" in result.output
    assert "pending 0, sent 1, failed 0" in runner.invoke(args=["mail", "status"]).output
    assert len(eml_files(tmp_path / "instance")) == 1


def _now():
    from storefront.models.base import utcnow

    return utcnow()


def _make_due() -> None:
    """As if the backoff had passed: every pending message is due now."""
    with write_transaction() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == "pending")
            .values(next_attempt_at=_now() - timedelta(seconds=1))
        )
    db.session.remove()

"""Background and periodic work, run by one worker process: ``flask worker``.

Huey keeps the queue: in SQLite in the instance folder for the embedded setup, in Redis
when ``REDIS_URL`` is set (``TASK_QUEUE`` chooses; ``off`` queues nothing, for tests that
call the work directly). The web processes only enqueue: after a commit that queued an
e-mail they wake ``deliver_mail``; everything else runs on the schedule below.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from redis import ConnectionPool

from .models.base import utcnow
from .services import (
    back_in_stock,
    cart_expiry,
    mail_delivery,
    refunds,
    session_store,
    unpaid_orders,
)
from .services.outbox import WAKER

log = logging.getLogger(__name__)

HUEY = "storefront_huey"
TASKS = "storefront_tasks"  # the app's tasks by name; calling one enqueues a run
# A retry due sooner than the next periodic run is scheduled for its own time.
PERIOD_SECONDS = 60
# A web process enqueues at most two wake-ups in this long, however many orders it takes.
WAKE_WINDOW_SECONDS = 1.0


class Waker:
    """Wakes ``deliver_mail`` after a commit, cheaply under load.

    The first commit in a window enqueues a run at once; commits later in the same window
    share one run scheduled for the window's end, which starts after all of them committed.
    Enqueuing costs a write to the queue (milliseconds on the SQLite queue), so a busy
    checkout pays it about twice a second instead of once per order.
    """

    def __init__(self, task: Any, window: float = WAKE_WINDOW_SECONDS) -> None:
        self.task = task
        self.window = window
        self._lock = threading.Lock()
        self._last = float("-inf")  # when a run was last enqueued to start at once
        self._scheduled = float("-inf")  # when the delayed run starts, if one is pending

    def __call__(self) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last >= self.window:
                self._last, delay = now, None
            elif self._scheduled <= now:
                self._scheduled = self._last + self.window
                delay = self._scheduled - now
            else:
                return  # the pending delayed run starts after this commit
        if delay is None:
            self.task()
        else:
            self.task.schedule(delay=delay)


def deliver_mail() -> None:
    """Send the outbox's due messages; come back for a retry due before the next minute."""
    report = mail_delivery.deliver_due()
    if report.sent or report.retried or report.failed:
        log.info(
            "outbox run sent=%s retried=%s failed=%s",
            report.sent,
            report.retried,
            report.failed,
        )
    if report.next_due is not None:
        wait = (report.next_due - utcnow()).total_seconds()
        if wait < PERIOD_SECONDS:
            current_app.extensions[TASKS]["deliver_mail"].schedule(delay=max(wait, 0) + 0.5)


def expire_unpaid_orders() -> None:
    """``flask orders expire-unpaid``, every minute."""
    counts = unpaid_orders.expire_unpaid()
    if any(counts.values()):
        log.info("unpaid orders expired %s", counts)


def settle_refunds() -> None:
    """``flask orders settle-refunds``, every minute."""
    counts = refunds.settle_pending()
    if any(counts.values()):
        log.info("refunds settled %s", counts)


def purge_sessions() -> None:
    """``flask sessions purge``: expired sessions out, at most SESSION_MAX_ROWS kept."""
    session_store.purge(int(current_app.config["SESSION_MAX_ROWS"]))


def notify_back_in_stock() -> None:
    """One e-mail per customer waiting for a product that can be bought again."""
    back_in_stock.notify_available()


def expire_carts() -> None:
    """``flask carts expire``: expired carts already hold nothing; record what they held."""
    cart_expiry.expire_stale_carts()


# What the worker runs and when. New periodic work (sending a campaign's vouchers, say)
# gets a line here.
PERIODIC: tuple[tuple[str, Any, Callable[[], None]], ...] = (
    ("deliver_mail", crontab(minute="*"), deliver_mail),
    ("expire_unpaid_orders", crontab(minute="*"), expire_unpaid_orders),
    ("settle_refunds", crontab(minute="*"), settle_refunds),
    ("notify_back_in_stock", crontab(minute="*"), notify_back_in_stock),
    ("expire_carts", crontab(minute="*/10"), expire_carts),
    ("purge_sessions", crontab(minute="*/10"), purge_sessions),
)


def init_tasks(app: Flask) -> Huey | None:
    """Make the app's queue and its tasks; None when ``TASK_QUEUE`` is ``off``."""
    kind = str(app.config["TASK_QUEUE"]).lower()
    if kind == "off":
        return None
    huey = _queue(app, kind)
    tasks = {
        name: huey.periodic_task(schedule, name=name)(_in_app(app, work))
        for name, schedule, work in PERIODIC
    }
    app.extensions[HUEY] = huey
    app.extensions[TASKS] = tasks
    app.extensions[WAKER] = Waker(tasks["deliver_mail"])
    return huey


def _queue(app: Flask, kind: str) -> Huey:
    name = str(app.config["TASK_QUEUE_NAME"])
    if kind == "redis":
        # Short time-outs: a Redis that is away must not hold a request that wakes the worker.
        pool = ConnectionPool.from_url(
            app.config["REDIS_URL"], socket_connect_timeout=1, socket_timeout=5
        )
        return RedisHuey(name, connection_pool=pool, results=False)
    if kind == "sqlite":
        return SqliteHuey(name, filename=app.config["TASK_QUEUE_PATH"], results=False)
    if kind == "immediate":  # each task runs at once, in the caller's thread
        return MemoryHuey(name, immediate=True, results=False)
    raise ValueError(f"TASK_QUEUE must be sqlite, redis, immediate or off, not {kind!r}")


def _in_app(app: Flask, work: Callable[[], None]) -> Callable[[], None]:
    @functools.wraps(work)
    def run() -> None:
        with app.app_context():
            work()

    return run


@click.command("worker")
@click.option(
    "--threads", default=2, show_default=True, type=click.IntRange(1, 16), help="Worker threads."
)
@with_appcontext
def worker(threads: int) -> None:
    """Run the background worker: the outbox, unpaid orders, refunds, carts, old sessions."""
    huey: Huey | None = current_app.extensions.get(HUEY)
    if huey is None:
        raise click.ClickException("TASK_QUEUE is off: there is no queue to work on.")
    click.echo(
        f"Worker on the {current_app.config['TASK_QUEUE']} queue with {threads} threads.",
        err=True,
    )
    current_app.extensions[TASKS]["deliver_mail"]()  # whatever was queued while no worker ran
    huey.create_consumer(workers=threads, worker_type="thread", periodic=True).run()

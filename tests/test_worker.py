"""The worker process: `flask worker` delivers what the shop queues, and runs periodic work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from storefront.extensions import db
from storefront.models import Order
from storefront.services import carts, checkout
from storefront.tasks import HUEY, PERIODIC, TASKS, Waker
from tests import factories
from tests.helpers import require_service
from tests.mail_helpers import outbox, queue

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).parent / "flask"


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def start_worker(app, tmp_path: Path) -> subprocess.Popen[str]:
    config = app.config
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "SECRET_KEY": "worker-tests-" + "k" * 40,
        "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_URL": config["MAIL_URL"],
        "STOREFRONT_TASK_QUEUE": config["TASK_QUEUE"],
        "STOREFRONT_TASK_QUEUE_PATH": config["TASK_QUEUE_PATH"],
        "STOREFRONT_TASK_QUEUE_NAME": config["TASK_QUEUE_NAME"],
        "STOREFRONT_PAYMENT_SANDBOX_PATH": str(tmp_path / "sandbox.db"),
    }
    env.pop("REDIS_URL", None)
    if config.get("REDIS_URL"):
        env["REDIS_URL"] = config["REDIS_URL"]
    return subprocess.Popen(
        [str(FLASK), "--app", "wsgi", "worker", "--threads", "1"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("w"),
        text=True,
    )


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_the_worker_delivers_what_was_queued_before_and_after_it_started(
    make_app, smtp_server, tmp_path, kind
):
    queue_settings = {"TASK_QUEUE": kind, "TASK_QUEUE_PATH": str(tmp_path / "tasks.db")}
    if kind == "redis":
        parts = urlsplit(REDIS_URL)
        require_service("Redis", parts.hostname or "127.0.0.1", parts.port or 6379)
        queue_settings.update(REDIS_URL=REDIS_URL, TASK_QUEUE_NAME=f"test-{uuid.uuid4().hex}")
    app = make_app(MAIL_URL=smtp_server.url, **queue_settings)
    with app.app_context():
        queue(key="before", to="early@example.com")  # waiting while no worker ran
    worker = start_worker(app, tmp_path)
    try:
        assert wait_for(lambda: len(smtp_server.inbox.messages) == 1), (
            tmp_path / "worker.log"
        ).read_text()
        with app.app_context():
            for number in range(3):  # each commit wakes the worker; one wake-up may serve many
                queue(key=f"after:{number}", to=f"late{number}@example.com")
        assert wait_for(lambda: len(smtp_server.inbox.messages) == 4)
    finally:
        stop(worker)
    assert sorted(m["To"] for m in smtp_server.inbox.messages) == [
        "early@example.com",
        "late0@example.com",
        "late1@example.com",
        "late2@example.com",
    ]
    with app.app_context():
        assert {row.status for row in outbox()} == {"sent"}
    if kind == "redis":
        app.extensions[HUEY].storage.flush_all()


def test_the_worker_runs_the_outbox_and_unpaid_orders_every_minute(make_app, tmp_path):
    app = make_app(TASK_QUEUE="sqlite", TASK_QUEUE_PATH=str(tmp_path / "tasks.db"))
    huey = app.extensions[HUEY]
    periodic = {task.name for task in huey._registry.periodic_tasks}
    expected = {"deliver_mail", "expire_unpaid_orders", "settle_refunds", "expire_carts"}
    assert expected | {"purge_sessions"} <= periodic
    assert [name for name, _, _ in PERIODIC][:2] == ["deliver_mail", "expire_unpaid_orders"]


def test_the_expire_unpaid_task_cancels_an_old_unpaid_order(make_app):
    app = make_app(TASK_QUEUE="immediate", ORDER_PAYMENT_TTL_MINUTES=0)
    with app.app_context():
        product = factories.product(stock=2)
        buyer = factories.user("late").id
        cart = carts.add_item(None, buyer, product.id, 2)
        order = checkout.place_order_from_cart(cart.id, buyer)
    app.extensions[TASKS]["expire_unpaid_orders"]()  # runs at once in this queue
    with app.app_context():
        assert db.session.get(Order, order.id).status == "cancelled"


class RecordingTask:
    """Stands in for the queue: notes each run enqueued now or later."""

    def __init__(self) -> None:
        self.now = 0
        self.delays: list[float] = []

    def __call__(self) -> None:
        self.now += 1

    def schedule(self, delay: float) -> None:
        self.delays.append(delay)


def test_a_burst_of_commits_enqueues_one_run_now_and_one_after_the_window():
    task = RecordingTask()
    waker = Waker(task, window=60)
    for _ in range(50):
        waker()
    assert task.now == 1
    assert len(task.delays) == 1
    assert 0 < task.delays[0] <= 60


def test_without_a_queue_the_worker_says_so(runner):
    result = runner.invoke(args=["worker"])
    assert result.exit_code != 0
    assert "TASK_QUEUE is off" in result.output


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_the_queue_follows_the_settings(make_app, tmp_path, kind):
    from huey import RedisHuey, SqliteHuey

    settings = {"TASK_QUEUE": None, "TASK_QUEUE_PATH": str(tmp_path / "t.db")}
    if kind == "redis":
        settings["REDIS_URL"] = REDIS_URL
    app = make_app(**settings)
    expected = RedisHuey if kind == "redis" else SqliteHuey
    assert isinstance(app.extensions[HUEY], expected)

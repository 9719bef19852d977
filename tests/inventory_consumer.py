"""The consumer as a real process, a throwaway queue, and a broker connection for tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pika
import pytest
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
BROKER_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
FLASK = str(Path(sys.executable).with_name("flask"))


def publish_all(queue: str, bodies: list[bytes]) -> None:
    """Put persistent messages on ``queue`` in this order, confirmed by the broker."""
    connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    try:
        channel = connection.channel()
        channel.queue_declare(queue, durable=True)
        channel.confirm_delivery()
        persistent = pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent)
        for body in bodies:
            channel.basic_publish("", queue, body, persistent)
    finally:
        connection.close()


def ready_messages(queue: str) -> int:
    """Messages waiting in ``queue`` (not counting those a consumer holds)."""
    connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    try:
        declared = connection.channel().queue_declare(queue, passive=True)
        return int(declared.method.message_count)
    finally:
        connection.close()


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(check: Callable[[], Any], timeout: float, what: str, log: Path | None = None) -> Any:
    """Poll ``check`` until it gives a true value; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"gave up after {timeout}s waiting for {what}\n--- consumer log ---\n{tail}")


class ConsumerProcess:
    """``flask --app wsgi inventory consume`` on the test's database and queue."""

    def __init__(self, app: Flask, queue: str, log: Path, broker_url: str = BROKER_URL) -> None:
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "BROKER_URL": broker_url,
            "SECRET_KEY": "test-secret-key-long-enough-for-the-start-check",
            "LOG_FORMAT": "text",
            "STOREFRONT_LOG_LEVEL": "INFO",
            "STOREFRONT_INVENTORY_QUEUE": queue,
            "STOREFRONT_INVENTORY_PREFETCH": "20",
            "STOREFRONT_INVENTORY_RECONNECT_MAX_SECONDS": "1",
        }

    def start(self) -> ConsumerProcess:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [FLASK, "--app", "wsgi", "inventory", "consume"],
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        return self

    def text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def wait_for_log(self, needle: str, timeout: float = 30, times: int = 1) -> None:
        wait_until(lambda: self.text().count(needle) >= times, timeout, repr(needle), self.log)

    def wait_quiet(self, quiet: float = 1.0, timeout: float = 30) -> None:
        """Wait until the log has not grown for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        size, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            now_size = len(self.text())
            if now_size != size:
                size, since = now_size, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            time.sleep(0.1)
        pytest.fail(f"the consumer kept logging for {timeout}s\n{self.text()[-3000:]}")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no chance to finish, acknowledge or close anything."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 10) -> int:
        """Send ``signum`` and return the exit code; fail if it does not exit in time."""
        assert self.process is not None
        self.process.send_signal(signum)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"the consumer did not stop within {timeout}s\n{self.text()[-3000:]}")

    def close(self) -> None:
        if self.alive:
            assert self.process is not None
            self.process.kill()
            self.process.wait()

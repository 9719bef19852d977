"""Fixtures for tests of the consumer process (load with ``pytest_plugins``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pika
import pytest
from flask import Flask

from tests.helpers import require_service
from tests.inventory_consumer import BROKER_URL, ConsumerProcess


@pytest.fixture
def queue() -> Iterator[str]:
    """A queue of its own on the real RabbitMQ, deleted after the test."""
    require_service("RabbitMQ", "127.0.0.1", 5672)
    name = f"storefront.test.{uuid.uuid4().hex}"
    yield name
    connection = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    try:
        connection.channel().queue_delete(name)
    finally:
        connection.close()


@pytest.fixture
def consumers(tmp_path: Path) -> Iterator[Callable[..., ConsumerProcess]]:
    """Make consumer processes; any still running at the end is killed."""
    made: list[ConsumerProcess] = []

    def factory(app: Flask, queue: str, **kwargs: Any) -> ConsumerProcess:
        consumer = ConsumerProcess(app, queue, tmp_path / f"consumer-{len(made)}.log", **kwargs)
        made.append(consumer)
        return consumer

    yield factory
    for consumer in made:
        consumer.close()

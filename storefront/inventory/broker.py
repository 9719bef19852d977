"""The RabbitMQ side of the warehouse feed: a consumer that acknowledges after commit, and a
publisher for the warehouse stand-in. Nothing here knows what an event means."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import AMQPError, AuthenticationError, ProbableAuthenticationError

log = logging.getLogger(__name__)

# What a broken, restarting or unreachable broker raises.
BROKER_ERRORS: tuple[type[BaseException], ...] = (AMQPError, OSError)
REFUSED_LOGIN_ERRORS = (AuthenticationError, ProbableAuthenticationError)
MIN_BACKOFF_SECONDS = 0.5
IDLE_POLL_SECONDS = 0.5


def redact(url: str) -> str:
    """The URL with any password hidden, fit for logs and messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def describe(error: BaseException) -> str:
    """A short reason for a broker error: the socket's own words when there is one."""
    current: BaseException | None = error
    for _ in range(5):
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        # pika wraps the socket's error in its own, in ``args`` or in ``exception``.
        nested = [arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]
        wrapped = getattr(current, "exception", None)
        if isinstance(wrapped, BaseException):
            nested.insert(0, wrapped)
        current = nested[0] if nested else None
        if current is None:
            break
    return str(error) or type(error).__name__


def connection_parameters(url: str) -> pika.URLParameters:
    """Parameters for one quick attempt: retrying is the caller's job."""
    parameters = pika.URLParameters(url)
    parameters.connection_attempts = 1
    parameters.socket_timeout = 5
    parameters.blocked_connection_timeout = 30
    return parameters


def declare(channel: BlockingChannel, queue: str) -> None:
    """Make sure the durable queue exists (publisher and consumer both call this)."""
    channel.queue_declare(queue, durable=True)


def publish(url: str, queue: str, body: bytes, message_id: str) -> None:
    """Put one persistent message on ``queue`` and wait for the broker to confirm it."""
    connection = pika.BlockingConnection(connection_parameters(url))
    try:
        channel = connection.channel()
        declare(channel, queue)
        channel.confirm_delivery()
        channel.basic_publish(
            exchange="",
            routing_key=queue,
            body=body,
            properties=pika.BasicProperties(
                content_type="application/json",
                delivery_mode=pika.DeliveryMode.Persistent,
                message_id=message_id,
            ),
            mandatory=True,
        )
    finally:
        _close_quietly(connection)


def _close_quietly(connection: pika.BlockingConnection) -> None:
    try:
        if connection.is_open:
            connection.close()
    except BROKER_ERRORS:
        pass  # the connection is gone already


class Consumer:
    """Reads a durable queue and hands each body to ``handle``.

    A message is acknowledged only after ``handle`` returns (it commits its work first),
    so a crash at any point means redelivery, never loss. If ``handle`` raises, the message
    goes back to the queue and the consumer waits before the next one. When the broker is
    unreachable or drops the connection, the consumer waits (doubling up to
    ``max_backoff`` seconds) and connects again. ``stop()`` (from a signal handler) lets the
    current message finish and be acknowledged, then closes the connection.
    """

    def __init__(
        self,
        url: str,
        queue: str,
        handle: Callable[[bytes], Any],
        *,
        prefetch: int = 20,
        max_backoff: float = 30.0,
    ) -> None:
        self.url = url
        self.queue = queue
        self.handle = handle
        self.prefetch = max(1, prefetch)
        self.max_backoff = max(MIN_BACKOFF_SECONDS, max_backoff)
        self.stopping = False
        self._backoff = MIN_BACKOFF_SECONDS
        self._failure_backoff = MIN_BACKOFF_SECONDS

    def stop(self, *_signal: Any) -> None:
        """Ask the consumer to stop after the current message (safe in a signal handler)."""
        self.stopping = True

    def run(self) -> None:
        """Consume until stopped, reconnecting whenever the broker goes away."""
        while not self.stopping:
            try:
                self._consume()
            except BROKER_ERRORS as error:
                if self.stopping:
                    break
                log.warning(
                    "message broker unavailable at %s (%s); retrying in %.1fs",
                    redact(self.url),
                    describe(error),
                    self._backoff,
                )
            else:
                if self.stopping:
                    break
                log.warning("the broker cancelled the consumer; retrying in %.1fs", self._backoff)
            self._pause(self._backoff)
            self._backoff = min(self._backoff * 2, self.max_backoff)
        log.info("inventory consumer stopped")

    def _consume(self) -> None:
        connection = pika.BlockingConnection(connection_parameters(self.url))
        try:
            channel = connection.channel()
            declare(channel, self.queue)
            channel.basic_qos(prefetch_count=self.prefetch)
            self._backoff = MIN_BACKOFF_SECONDS
            log.info(
                "inventory consumer reading queue=%s broker=%s prefetch=%d",
                self.queue,
                redact(self.url),
                self.prefetch,
            )
            messages = channel.consume(self.queue, inactivity_timeout=IDLE_POLL_SECONDS)
            for method, _properties, body in messages:
                if method is not None and body is not None:
                    self._deliver(channel, method.delivery_tag, body)
                if self.stopping:
                    # Return what was prefetched but not handled to the queue.
                    channel.cancel()
                    break
        finally:
            _close_quietly(connection)

    def _deliver(self, channel: BlockingChannel, tag: int, body: bytes) -> None:
        try:
            self.handle(body)
        except Exception:
            log.exception(
                "could not handle a message; it goes back to the queue, next try in %.1fs",
                self._failure_backoff,
            )
            channel.basic_nack(tag, requeue=True)
            # Keep answering the broker's heartbeats while waiting.
            self._pause(self._failure_backoff, channel.connection.sleep)
            self._failure_backoff = min(self._failure_backoff * 2, self.max_backoff)
            return
        self._failure_backoff = MIN_BACKOFF_SECONDS
        channel.basic_ack(tag)

    def _pause(self, seconds: float, sleep: Callable[[float], None] = time.sleep) -> None:
        """Sleep, waking early when asked to stop."""
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            sleep(min(0.1, max(0.0, deadline - time.monotonic())))

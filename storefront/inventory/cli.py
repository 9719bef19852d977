"""``flask inventory consume`` (the shop's side) and ``flask inventory send`` (a warehouse
stand-in for trying the shop and for tests)."""

from __future__ import annotations

import json
import signal
import urllib.error
import urllib.request
import uuid
from datetime import datetime
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from ..models.base import utcnow
from ..services import inventory
from . import broker
from .signing import PREFIX, sign

inventory_cli = AppGroup(
    "inventory", help="The warehouse feed: apply its events, or send one as the warehouse would."
)

WEBHOOK_TIMEOUT_SECONDS = 10
OPTION_OF_FIELD = {"name": "--name", "price": "--price", "quantity": "--quantity"}


@inventory_cli.command("consume")
def consume() -> None:
    """Apply warehouse events from the broker queue until stopped (SIGTERM or Ctrl-C)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.config
    placement = inventory.Placement.from_settings(config)

    def handle(body: bytes) -> None:
        with app.app_context():  # a fresh database session per message
            inventory.receive(body, source=inventory.SOURCE_BROKER, placement=placement)

    consumer = broker.Consumer(
        str(config["BROKER_URL"]),
        str(config["INVENTORY_QUEUE"]),
        handle,
        prefetch=int(config["INVENTORY_PREFETCH"]),
        max_backoff=float(config["INVENTORY_RECONNECT_MAX_SECONDS"]),
    )
    signal.signal(signal.SIGTERM, consumer.stop)
    signal.signal(signal.SIGINT, consumer.stop)
    consumer.run()


@inventory_cli.command("send")
@click.argument("event_type", metavar="TYPE", type=click.Choice(inventory.EVENT_TYPES))
@click.option("--item-id", required=True, help="The warehouse's id for the item.")
@click.option("--name", help="The item's name.")
@click.option("--price", type=click.IntRange(min=0), help="The price in whole cents.")
@click.option("--active/--inactive", default=True, show_default=True, help="On sale or not.")
@click.option("--quantity", type=click.IntRange(min=0), help="Units on hand.")
@click.option("--event-id", type=click.UUID, help="The event's id (default: a new one).")
@click.option("--occurred-at", help="When it happened, ISO 8601 with a zone (default: now).")
@click.option("--webhook", metavar="URL", help="Post the event, signed, to this URL instead.")
def send(
    event_type: str,
    item_id: str,
    name: str | None,
    price: int | None,
    active: bool,
    quantity: int | None,
    event_id: uuid.UUID | None,
    occurred_at: str | None,
    webhook: str | None,
) -> None:
    """Send one item event to the broker queue (or to the shop's webhook)."""
    given = {"name": name, "price": price, "quantity": quantity, "active": active}
    missing = [
        OPTION_OF_FIELD[field]
        for field in inventory.REQUIRED_FIELDS[event_type]
        if given.get(field) is None
    ]
    if missing:
        raise click.UsageError(f"{event_type} needs {' and '.join(missing)}.")
    item: dict[str, Any] = {"id": item_id, "name": name, "price": price, "active": active}
    if quantity is not None:
        item["quantity"] = quantity
    event = {
        "id": str(event_id or uuid.uuid4()),
        "type": event_type,
        "occurred_at": _moment(occurred_at),
        "item": item,
    }
    body = json.dumps(event).encode()
    if webhook:
        _post(webhook, body)
    else:
        _publish(body, event["id"])
    click.echo(f"Sent {event_type} {event['id']} for item {item_id}.")


def _moment(text: str | None) -> str:
    if text is None:
        return utcnow().isoformat()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            "not an ISO 8601 date and time", param_hint="--occurred-at"
        ) from None
    if moment.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. Z or +00:00", param_hint="--occurred-at")
    return moment.isoformat()


def _publish(body: bytes, event_id: str) -> None:
    url = str(current_app.config["BROKER_URL"])
    queue = str(current_app.config["INVENTORY_QUEUE"])
    try:
        broker.publish(url, queue, body, event_id)
    except broker.BROKER_ERRORS as error:
        hint = (
            "Check the user and password in BROKER_URL."
            if isinstance(error, broker.REFUSED_LOGIN_ERRORS)
            else "Is RabbitMQ running?"
        )
        raise click.ClickException(
            f"Cannot reach the message broker at {broker.redact(url)} "
            f"({broker.describe(error)}). {hint} Nothing was sent."
        ) from None
    click.echo(f"Published to queue {queue} at {broker.redact(url)}.")


def _post(url: str, body: bytes) -> None:
    secret = current_app.config.get("INVENTORY_WEBHOOK_SECRET")
    if not secret:
        raise click.ClickException(
            "Set STOREFRONT_INVENTORY_WEBHOOK_SECRET to the webhook's secret to sign the event."
        )
    if not url.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http:// or https:// URL", param_hint="--webhook")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Signature": PREFIX + sign(str(secret), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as error:
        raise click.ClickException(
            f"The webhook answered {error.code}: {_error_message(error.read())}"
        ) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise click.ClickException(f"Cannot reach the webhook at {url} ({reason}).") from None
    click.echo(f"The webhook answered {status}: {_status_of(answer)}.")


def _error_message(answer: bytes) -> str:
    try:
        return str(json.loads(answer)["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return answer[:200].decode("utf-8", errors="replace") or "no details"


def _status_of(answer: bytes) -> str:
    try:
        return str(json.loads(answer)["status"])
    except (ValueError, KeyError, TypeError):
        return "accepted"

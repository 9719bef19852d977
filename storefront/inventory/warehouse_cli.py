"""``flask warehouse-sandbox``: the warehouse's own small service, publishing its events."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from . import broker


@click.command("warehouse-sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=5002, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file the warehouse keeps its items in [default: instance/warehouse-sandbox.db].",
)
@click.option(
    "--broker/--no-broker",
    "use_broker",
    default=True,
    show_default=True,
    help="Publish events to the INVENTORY_QUEUE on BROKER_URL.",
)
@click.option(
    "--webhook",
    metavar="URL",
    help="Also post each event to the shop's webhook, signed with INVENTORY_WEBHOOK_SECRET.",
)
def warehouse_sandbox(
    host: str, port: int, data: Path | None, use_broker: bool, webhook: str | None
) -> None:
    """Run the warehouse sandbox as its own service; it does not use the shop's database."""
    from .warehouse_sandbox import Targets, serve

    config = current_app.config
    secret = config.get("INVENTORY_WEBHOOK_SECRET")
    if webhook and not webhook.startswith(("http://", "https://")):
        raise click.BadParameter("must be an http:// or https:// URL", param_hint="--webhook")
    if webhook and not secret:
        raise click.UsageError(
            "Set STOREFRONT_INVENTORY_WEBHOOK_SECRET to the webhook's secret to sign events."
        )
    targets = Targets(
        broker_url=str(config["BROKER_URL"]) if use_broker else None,
        queue=str(config["INVENTORY_QUEUE"]),
        webhook_url=webhook,
        webhook_secret=str(secret) if secret else None,
    )
    path = data or Path(current_app.instance_path) / "warehouse-sandbox.db"
    where = []
    if targets.broker_url:
        where.append(f"queue {targets.queue} at {broker.redact(targets.broker_url)}")
    if webhook:
        where.append(f"webhook {webhook}")
    click.echo(
        f"Warehouse sandbox on http://{host}:{port}/, items kept in {path}, "
        f"events to {' and '.join(where) or 'nowhere'}.",
        err=True,
    )
    serve(host, port, path, targets)

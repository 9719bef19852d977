"""Command-line tasks: create-admin, seed-demo, orders, carts, sessions, mail, worker,
payment-sandbox, inventory, warehouse-sandbox."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from . import database
from .demo import campaigns as demo_campaigns
from .demo import catalogue as demo_catalogue
from .demo import history as demo_history
from .demo import offers as demo_offers
from .demo import order_life as demo_order_life
from .demo import pictures as demo_pictures
from .demo import shipping as demo_shipping
from .extensions import db
from .inventory.cli import inventory_cli
from .inventory.warehouse_cli import warehouse_sandbox
from .models import Product
from .models.outbox import MESSAGE_STATUSES
from .payments.client import wait_until_answering
from .services import accounts, cart_expiry, mail_delivery, refunds, session_store, unpaid_orders
from .services.errors import InvalidInput
from .tasks import worker


@click.command("create-admin")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_admin(username: str, password_stdin: bool) -> None:
    """Make USERNAME an admin, creating the account if it does not exist."""
    password = None
    if accounts.find_by_username(username) is None:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(
                "Password", hide_input=True, confirmation_prompt="Repeat the password"
            )
    try:
        user, created = accounts.make_admin(username, password)
    except InvalidInput as error:
        raise click.ClickException(" ".join(error.fields.values())) from None
    except accounts.UsernameTaken as error:
        raise click.ClickException(error.message) from None
    if created:
        click.echo(f"Created admin {user.username}.")
    else:
        click.echo(f"User {user.username} already existed and is now an admin.")


@click.command("seed-demo")
@click.option(
    "--products",
    default=240,
    show_default=True,
    envvar="DEMO_PRODUCTS",
    help="How many products to have (or DEMO_PRODUCTS).",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the catalogue has products.")
@click.option(
    "--wait-for-payments",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="With PAYMENT_URL set: seconds to wait for the provider before refusing.",
)
@with_appcontext
def seed_demo(products: int, if_empty: bool, wait_for_payments: float) -> None:
    """Fill the shop with demo stores, products and a demo customer (safe to repeat)."""
    if products < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--products")
    if if_empty and db.session.scalar(select(func.count()).select_from(Product)):
        click.echo("The catalogue already has products; nothing seeded.")
        return
    url = current_app.config.get("PAYMENT_URL")
    if url and not wait_until_answering(str(url), wait_for_payments):
        # Demo orders paid through a provider that is not there stay unpaid, and
        # `orders expire-unpaid` would cancel them: seed nothing instead.
        raise click.ClickException(
            f"The payment provider at PAYMENT_URL={url} does not answer after "
            f"{wait_for_payments:g} s; start it first (`flask --app wsgi payment-sandbox`). "
            "Nothing was seeded."
        )
    with (
        quiet(),
        click.progressbar(length=products, label="Seeding products", file=sys.stderr) as bar,
    ):
        report = demo_catalogue.seed_demo(products, progress=bar.update)
    click.echo(
        f"Seeded {report.stores} stores; {report.products_added} products added, "
        f"{report.products_total} in the catalogue."
    )
    if report.demo_user_created:
        click.echo(
            f"Demo customer: {demo_catalogue.DEMO_USERNAME} / {demo_catalogue.DEMO_PASSWORD}"
        )
    if added := demo_shipping.seed_shipping():
        click.echo(f"Added {added} shipping methods.")
    missing = min(demo_pictures.without_picture(), demo_pictures.MOST)
    if missing:
        with click.progressbar(length=missing, label="Drawing pictures", file=sys.stderr) as bar:
            drawn = demo_pictures.seed_pictures(progress=bar.update)
        click.echo(f"Drew {drawn} product pictures.")
    from .payments import provider_for

    if demo_history.ensure_admin():
        click.echo(f"Demo admin: {demo_history.ADMIN_USERNAME} / {demo_history.ADMIN_PASSWORD}")
    with (
        quiet(),
        click.progressbar(
            length=demo_history.SESSIONS, label="Shopping history", file=sys.stderr
        ) as bar,
    ):
        sessions = demo_history.seed_history(provider_for(current_app), progress=bar.update)
    with quiet():
        moved = demo_order_life.seed_order_life(demo_history.ADMIN_USERNAME)
    if sessions or moved:
        click.echo(
            f"Made {sessions} shopping sessions over the past four weeks; "
            f"shipped, delivered, refunded or cancelled {moved} demo orders."
        )
    if codes := demo_offers.seed_vouchers():
        click.echo("Demo vouchers: " + ", ".join(codes))
    admin = accounts.find_by_username(demo_history.ADMIN_USERNAME)
    if admin is not None:
        with quiet():
            campaign_id = demo_campaigns.seed_campaign(admin.id, provider_for(current_app))
        if campaign_id is not None:
            click.echo(f"Sent a demo campaign: /admin/campaigns/{campaign_id}")


@contextmanager
def quiet() -> Iterator[None]:
    """While seeding: the shop's per-event log lines and the in-process sandbox's receipts are
    held back, so that the progress bars and the summary are what the console shows."""
    logger = logging.getLogger("storefront")
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        with redirect_stdout(io.StringIO()):
            yield
    finally:
        logger.setLevel(level)


@click.command("create-database")
@with_appcontext
def create_database() -> None:
    """Create the PostgreSQL database DATABASE_URL names, if the server has none yet."""
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if database.create_database_if_missing(url):
        click.echo(f"Created the database {make_url(url).database}.")
    else:
        click.echo("The database is there.")


orders_cli = AppGroup("orders", help="Orders: housekeeping for cron.")


@orders_cli.command("expire-unpaid")
def expire_unpaid() -> None:
    """Cancel orders unpaid for ORDER_PAYMENT_TTL_MINUTES and return their stock."""
    counts = unpaid_orders.expire_unpaid()
    click.echo(
        f"Cancelled {counts['cancelled']} unpaid orders; {counts['paid']} turned out paid; "
        f"{counts['left']} left for a later run."
    )


@orders_cli.command("settle-refunds")
def settle_refunds() -> None:
    """Settle refunds the payment provider has not confirmed yet (safe to repeat)."""
    counts = refunds.settle_pending()
    click.echo(
        f"Refunds: {counts['succeeded']} refunded, {counts['refused']} refused; "
        f"{counts['left']} left for a later run."
    )


carts_cli = AppGroup("carts", help="Carts: housekeeping for cron.")


@carts_cli.command("expire")
def expire_carts() -> None:
    """Mark carts past CART_TTL_MINUTES as expired, recording what each held."""
    click.echo(f"Marked {cart_expiry.expire_stale_carts()} carts as expired.")


sessions_cli = AppGroup("sessions", help="Web sessions: housekeeping for cron.")


@sessions_cli.command("purge")
def purge_sessions() -> None:
    """Delete expired sessions and keep at most SESSION_MAX_ROWS."""
    removed = session_store.purge(int(current_app.config["SESSION_MAX_ROWS"]))
    click.echo(f"Deleted {removed} sessions.")


mail_cli = AppGroup("mail", help="E-mail: the outbox (the worker delivers it on its own).")


@mail_cli.command("deliver")
def deliver_mail() -> None:
    """Send the outbox's due messages now, once."""
    report = mail_delivery.deliver_due()
    click.echo(f"Sent {report.sent}; {report.retried} to retry; {report.failed} refused.")
    for problem in dict.fromkeys(report.problems):
        click.echo(f"  {problem}", err=True)


@mail_cli.command("status")
def mail_status() -> None:
    """How many messages are pending, sent and failed."""
    counts = mail_delivery.counts()
    click.echo(", ".join(f"{status} {counts.get(status, 0)}" for status in MESSAGE_STATUSES))


@click.command("payment-sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=5001, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file the sandbox keeps its results in [default: instance/payment-sandbox.db].",
)
@click.option(
    "--slow-seconds",
    type=click.FloatRange(min=0, min_open=True),
    help="How long the slow test card waits [default: PAYMENT_SANDBOX_SLOW_SECONDS, 10].",
)
def payment_sandbox(host: str, port: int, data: Path | None, slow_seconds: float | None) -> None:
    """Run the payment sandbox as its own service; it does not use the shop's database."""
    from .payments.sandbox_app import serve

    path = data or Path(current_app.instance_path) / "payment-sandbox.db"
    slow = slow_seconds or float(current_app.config["PAYMENT_SANDBOX_SLOW_SECONDS"])
    click.echo(
        f"Payment sandbox on http://{host}:{port}/, results kept in {path}, "
        f"slow card answers after {slow:g} s.",
        err=True,
    )
    serve(host, port, path, slow)


def register_commands(app: Flask) -> None:
    """Attach the commands to ``flask``."""
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_database)
    app.cli.add_command(orders_cli)
    app.cli.add_command(carts_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(payment_sandbox)
    app.cli.add_command(inventory_cli)
    app.cli.add_command(warehouse_sandbox)
    app.cli.add_command(worker)
    app.cli.add_command(mail_cli)

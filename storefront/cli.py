"""Command-line tasks: ``flask create-admin``, ``flask seed-demo``, ``flask inventory ...``."""

from __future__ import annotations

import sys

import click
from flask import Flask
from sqlalchemy import func, select

from .extensions import db
from .inventory.cli import inventory_cli
from .models import Product
from .services import accounts, demo
from .services.errors import InvalidInput


@click.command("create-admin")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
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
@click.option("--products", default=240, show_default=True, help="How many products to have.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the catalogue has products.")
def seed_demo(products: int, if_empty: bool) -> None:
    """Fill the shop with demo stores, products and a demo customer (safe to repeat)."""
    if products < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--products")
    if if_empty and db.session.scalar(select(func.count()).select_from(Product)):
        click.echo("The catalogue already has products; nothing seeded.")
        return
    with click.progressbar(length=products, label="Seeding products", file=sys.stderr) as bar:
        report = demo.seed_demo(products, progress=bar.update)
    click.echo(
        f"Seeded {report.stores} stores; {report.products_added} products added, "
        f"{report.products_total} in the catalogue."
    )
    if report.demo_user_created:
        click.echo(f"Demo customer: {demo.DEMO_USERNAME} / {demo.DEMO_PASSWORD}")


def register_commands(app: Flask) -> None:
    """Attach the commands to ``flask``."""
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(inventory_cli)

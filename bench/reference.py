"""The references the bench measures the shop against, served on the same gunicorn settings.

``/hello`` is a bare Flask answer: the ceiling for any Flask page here. ``/listing`` and
``/product/<slug>`` are what a minimal Flask + SQLAlchemy + Jinja shop would do on the same
database: 24 products sorted by brand through the same index the shop uses (active, in stock,
no reservations, no session, no forms), and one product by its slug. They are the ceilings for
the catalogue page and the product page. ``POST /checkout`` (``bench/reference_checkout.py``)
is the ceiling for buying through the JSON API.

Run with ``gunicorn bench.reference:app`` and ``DATABASE_URL`` set to the shop's database.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime

from flask import Flask, abort, render_template
from sqlalchemy import Uuid, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from bench.reference_checkout import register_checkout
from storefront.config import normalise_database_url


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str]
    slug: Mapped[str]
    brand_name: Mapped[str]
    description: Mapped[str]
    price_cents: Mapped[int]
    stock: Mapped[int]
    active: Mapped[bool]
    created_at: Mapped[datetime]


def create_app() -> Flask:
    """The reference app on ``DATABASE_URL``."""
    app = Flask(__name__)
    engine = create_engine(normalise_database_url(os.environ["DATABASE_URL"]))

    @app.get("/hello")
    def hello() -> str:
        return "Hello, World!"

    @app.get("/listing")
    def listing() -> str:
        with Session(engine) as session:
            products = session.scalars(
                select(Product)
                .where(Product.active.is_(True), Product.stock > 0)
                .order_by(Product.brand_name, Product.name, Product.id)
                .limit(24)
            ).all()
            return render_template("listing.html", products=products)

    @app.get("/product/<slug>")
    def product(slug: str) -> str:
        with Session(engine) as session:
            found = session.scalar(select(Product).where(Product.slug == slug))
            if found is None:
                abort(404)
            return render_template("product.html", product=found)

    register_checkout(app, engine)
    return app


app = create_app() if "DATABASE_URL" in os.environ else None

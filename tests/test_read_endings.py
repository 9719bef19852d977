"""A request that only read ends its transaction with COMMIT on PostgreSQL (the server keeps
the statements it prepared); one that changed something and did not commit still leaves
nothing behind, on either database."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from sqlalchemy import select, text, update

from storefront.extensions import db
from storefront.models import Product
from tests import factories


def test_a_change_a_request_did_not_commit_is_not_kept(make_app):
    app = make_app()

    @app.get("/probe/rename/<slug>")
    def rename(slug: str) -> str:  # reads, then changes a row and never commits
        db.session.scalar(select(Product.id).where(Product.slug == slug))
        db.session.execute(update(Product).where(Product.slug == slug).values(name="Renamed"))
        return "done"

    @app.get("/probe/touch/<slug>")
    def touch(slug: str) -> str:  # an ORM change left pending, never flushed
        product = db.session.scalar(select(Product).where(Product.slug == slug))
        product.name = "Touched"
        return "done"

    with app.app_context():
        slug = factories.product(name="Kept Name").slug
    client = app.test_client()
    assert client.get(f"/probe/rename/{slug}").status_code == 200
    assert client.get(f"/probe/touch/{slug}").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Product.name).where(Product.slug == slug)) == "Kept Name"


def test_pages_that_only_read_keep_their_prepared_statements(app, client, is_postgres):
    if not is_postgres:
        pytest.skip("SQLite prepares in the process; nothing is kept on a server")
    with app.app_context():
        slug = factories.product(name="Planned Once", stock=5).slug
    for _ in range(10):  # the driver prepares a statement after its fifth run
        assert client.get(f"/products/{slug}").status_code == 200
    with app.app_context(), ExitStack() as stack:
        pooled = [stack.enter_context(db.engine.connect()) for _ in range(2)]
        prepared = [
            statement
            for connection in pooled
            for statement in connection.execute(
                text("SELECT statement FROM pg_prepared_statements")
            ).scalars()
        ]
    assert any("FROM products" in statement for statement in prepared), prepared

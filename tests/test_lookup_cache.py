"""The filter lists are kept per process and read again only when the database says so."""

from __future__ import annotations

from sqlalchemy import event, select

from storefront.extensions import db
from storefront.models import Brand, Store
from tests import factories


def _statements_for(app, client, path: str) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_the_lists_are_not_read_again_while_nothing_changed(app, client):
    with app.app_context():
        factories.product("Les Paul", brand=factories.brand("Gibson"))
    client.get("/products")
    statements = _statements_for(app, client, "/products")
    assert not any("FROM brands" in statement for statement in statements)


def test_a_change_from_another_process_shows_on_the_next_page(app, client, make_app):
    with app.app_context():
        factories.product("Les Paul", brand=factories.brand("Gibson"))
    assert "Gibson" in client.get("/products").get_data(as_text=True)
    other = make_app()  # another process on the same database
    with other.app_context():
        factories.product("Jazz Bass", brand=factories.brand("Fender"))
        db.session.scalar(select(Brand).where(Brand.name == "Gibson")).name = "Gibson USA"
        db.session.commit()
    page = client.get("/products").get_data(as_text=True)
    assert '<option value="fender"' in page
    assert "Gibson USA" in page


def test_a_deleted_store_leaves_the_lists(app, client):
    with app.app_context():
        keep = factories.store("Riverside")
        factories.store("Hilltop")
        factories.product("Les Paul", store=keep)
    assert "Hilltop" in client.get("/products").get_data(as_text=True)
    with app.app_context():
        db.session.delete(db.session.scalar(select(Store).where(Store.name == "Hilltop")))
        db.session.commit()
    assert "Hilltop" not in client.get("/products").get_data(as_text=True)

"""A first visit writes nothing: no session row until there is something to keep."""

from __future__ import annotations

from sqlalchemy import func, select

from storefront.csrf_cookie import COOKIE_NAME
from storefront.extensions import db
from storefront.models.sessions import WebSession
from tests import factories
from tests.helpers import CSRF_PATTERN, PASSWORD, AuthActions


def _session_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebSession))


def test_fifty_cookieless_page_views_leave_the_session_store_unchanged(app, ctx):
    store = factories.store("Riverside")
    guitar = factories.product("Les Paul", store=store, stock=3)
    pages = [
        "/",
        f"/products/{guitar.slug}",
        f"/stores/{store.slug}",
        "/search?q=paul",
        "/login",
        "/register",
    ]
    before = _session_rows(app)
    for view in range(50):
        client = app.test_client()  # a new visitor each time: no cookie at all
        response = client.get(pages[view % len(pages)])
        assert response.status_code == 200
        assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None
    assert _session_rows(app) == before


def test_a_first_visitor_can_post_a_form_with_the_token_from_the_cookie(app, client):
    AuthActions(app.test_client()).register("alice")
    before = _session_rows(app)
    page = client.get("/login")
    assert client.get_cookie(COOKIE_NAME) is not None
    assert _session_rows(app) == before
    token = CSRF_PATTERN.search(page.get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # logged in: now the session is kept
    assert _session_rows(app) == before + 1


def test_a_forged_token_cookie_is_not_believed(app):
    AuthActions(app.test_client()).register("alice")
    attacker = app.test_client()
    page = attacker.get("/login")
    token = CSRF_PATTERN.search(page.get_data(as_text=True)).group(1)
    victim = app.test_client()
    victim.set_cookie(COOKIE_NAME, "forged.value")
    response = victim.post(
        "/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 400
    assert victim.get("/account").status_code == 302  # not logged in


def test_a_token_from_another_visitor_does_not_pass(app):
    AuthActions(app.test_client()).register("alice")
    first, second = app.test_client(), app.test_client()
    token = CSRF_PATTERN.search(first.get("/login").get_data(as_text=True)).group(1)
    second.get("/login")  # the second visitor has a token cookie of their own
    response = second.post(
        "/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 400


def test_adding_to_the_cart_keeps_a_session_and_the_flash_is_shown_once(app, ctx):
    guitar = factories.product("Stratocaster", stock=3)
    client = app.test_client()
    page = client.get(f"/products/{guitar.slug}").get_data(as_text=True)
    token = CSRF_PATTERN.search(page).group(1)
    before = _session_rows(app)
    client.post(
        "/cart/add", data={"product_id": str(guitar.id), "quantity": "1", "csrf_token": token}
    )
    assert _session_rows(app) == before + 1
    cart = client.get("/cart").get_data(as_text=True)
    assert "Added Stratocaster" in cart
    assert "Added Stratocaster" not in client.get("/cart").get_data(as_text=True)


def test_purge_deletes_expired_sessions_and_keeps_the_newest_within_the_cap(app, runner):
    clients = []
    for name in ("alice", "bob", "carol"):
        client = app.test_client()
        AuthActions(client).register(name)
        clients.append(client)
    before = _session_rows(app)
    with app.app_context():
        oldest = db.session.scalars(select(WebSession).order_by(WebSession.expiry)).first()
        oldest.expiry = oldest.expiry.replace(year=2000)
        db.session.commit()
    app.config["SESSION_MAX_ROWS"] = before - 2
    result = runner.invoke(args=["sessions", "purge"])
    assert "Deleted 2 sessions." in result.output
    assert _session_rows(app) == before - 2
    assert clients[-1].get("/account").status_code == 200  # the newest login is kept

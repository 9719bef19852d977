"""Redis (sessions and login counters) is away: the shop keeps serving, never a 500."""

from __future__ import annotations

from tests import factories
from tests.helpers import PASSWORD, AuthActions
from tests.payment_sandbox import free_port


def test_pages_work_and_login_fails_clearly_without_redis(make_app):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    app = make_app(REDIS_URL=url, RATELIMIT_STORAGE_URI=url)
    with app.app_context():
        product = factories.product("Telecaster", stock=3)
        slug = product.slug
        factories.user("alice")
    client = app.test_client()
    for path in ("/", "/products?sort=brand", f"/products/{slug}", "/cart", "/login", "/register"):
        response = client.get(path)
        assert response.status_code == 200, path
    # Without a session store no form token can be kept: a form post is refused
    # with the form page's own message, not a server error.
    response = client.post("/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)


def test_failed_logins_are_still_counted_in_memory_when_redis_is_away(make_app):
    url = f"redis://127.0.0.1:{free_port()}/0"
    app = make_app(RATELIMIT_STORAGE_URI=url)  # sessions in the database, counters in Redis
    with app.app_context():
        factories.user("alice")
    auth = AuthActions(app.test_client())
    for _ in range(10):
        assert auth.login("alice", "wrong password!").status_code == 200
    assert auth.login("alice", "wrong password!").status_code == 429

"""/admin/inventory: what the warehouse feed set aside and did, for admins only."""

from __future__ import annotations

from tests import factories
from tests.helpers import location_path, text_of
from tests.inventory_events import event, receive


def log_in_as(app, auth, username: str, *, admin: bool) -> None:
    with app.app_context():
        factories.user(username, is_admin=admin)
    assert auth.login(username).status_code == 302


def test_a_guest_is_sent_to_log_in(client):
    response = client.get("/admin/inventory")
    assert response.status_code == 302
    assert location_path(response).startswith("/login?next=")


def test_a_customer_is_refused(app, client, auth):
    log_in_as(app, auth, "carol", admin=False)
    response = client.get("/admin/inventory")
    assert response.status_code == 403
    assert "This page is for admins." in text_of(response)


def test_an_admin_sees_set_aside_and_recent_events(app, client, auth):
    with app.app_context():
        receive(b"{not json")
        receive(event("item.status_toggled", item_id="W-404", active=False))
        receive(event(item_id="W-1", name="Cedar Ukulele"))
    log_in_as(app, auth, "ada", admin=True)
    response = client.get("/admin/inventory")
    assert response.status_code == 200
    page = text_of(response)
    assert "Set-aside events" in page
    assert "the body is not valid JSON" in page
    assert "{not json" in page
    assert "unknown item W-404: held until its item.created arrives" in page
    assert "Recent events" in page
    assert "item.created" in page
    assert "applied" in page


def test_set_aside_events_are_paged_newest_first(app, client, auth):
    with app.app_context():
        for number in range(30):
            receive(f'{{"broken": {number}'.encode())
    log_in_as(app, auth, "ada", admin=True)
    first = text_of(client.get("/admin/inventory"))
    assert "{&#34;broken&#34;: 29" in first
    assert "{&#34;broken&#34;: 4" not in first
    assert 'rel="next"' in first
    second = text_of(client.get("/admin/inventory?page=2"))
    assert "{&#34;broken&#34;: 4" in second
    assert "{&#34;broken&#34;: 5" not in second
    assert text_of(client.get("/admin/inventory?page=x")).count("<tr>") > 1


def test_a_message_is_shown_as_text_never_as_markup(app, client, auth):
    with app.app_context():
        receive(b"<script>alert(1)</script>")
    log_in_as(app, auth, "ada", admin=True)
    page = text_of(client.get("/admin/inventory"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

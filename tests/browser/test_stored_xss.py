"""The stored script payloads, loaded in Chromium: not one of them runs."""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD


@pytest.mark.usefixtures("stored")
def test_the_browser_runs_none_of_them(page, live_server, live_app):
    """Chromium loads the pages; any dialog or title change would mean a script ran."""
    for url in ("/", "/products?page=2", "/admin/carts"):
        if url.startswith("/admin"):
            page.goto(live_server + "/login")
            page.get_by_label("Username").fill("boss")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
        page.goto(live_server + url)
        page.wait_for_load_state("load")
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert "Storefront" in page.title()

"""Browser tests: the real app served from a thread, driven by Debian's Chromium.

No browser is ever downloaded: Playwright launches /usr/bin/chromium. Without it
the tests skip (or fail, when STOREFRONT_REQUIRE_SERVICES is set).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from storefront.services import accounts
from tests import factories
from tests.helpers import PASSWORD

CHROMIUM = os.environ.get("STOREFRONT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not shutil.which(CHROMIUM):
        message = f"Chromium is not installed at {CHROMIUM}"
        if os.environ.get("STOREFRONT_REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_app(make_app):
    return make_app()


@pytest.fixture
def live_server(live_app) -> Iterator[str]:
    """The app served on a free loopback port for the length of one test."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def shop(live_app):
    """Two stores, three brands and a few products; an admin."""
    with live_app.app_context():
        guitars = factories.store("Guitar Shop")
        books = factories.store("Book Shop")
        fender = factories.brand("Fender")
        gibson = factories.brand("Gibson")
        penguin = factories.brand("Penguin")
        electric = factories.category("Electric")
        novels = factories.category("Novels")
        factories.product(
            "Telecaster", brand=fender, category=electric, store=guitars, price_cents=89900, stock=5
        )
        factories.product(
            "Les Paul", brand=gibson, category=electric, store=guitars, price_cents=249900, stock=5
        )
        factories.product(
            "Moby Dick", brand=penguin, category=novels, store=books, price_cents=1299, stock=5
        )
        accounts.register("boss", PASSWORD, is_admin=True)
    return live_app


@pytest.fixture
def page(page):
    """Every page of these tests fails loudly if a script dialog ever opens."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    assert dialogs == [], f"a script ran and opened a dialog: {dialogs}"


from tests.security.test_stored_xss import stored  # noqa: E402, F401 (fixture)

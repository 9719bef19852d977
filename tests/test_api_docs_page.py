"""/api/docs in a real browser: Swagger UI starts under the shop's CSP and lists the API.

Headless Chromium (Debian's /usr/bin/chromium) loads the page from the app served in a
thread; the test reads the page as the browser built it. Skipped where there is no Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def live_root(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
def test_the_docs_page_shows_every_operation_in_a_browser(live_root, client, tmp_path):
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        f"{live_root}/api/docs",
    ]
    page = subprocess.run(command, capture_output=True, text=True, timeout=90, check=True).stdout
    document = client.get("/api/v1/openapi.json").get_json()
    methods = {"get", "post", "put", "patch", "delete"}
    operations = sum(len(methods & set(item)) for item in document["paths"].values())
    # Swagger UI writes one summary block per operation; none appear unless its script ran,
    # which the CSP would have stopped had it been inline or from elsewhere.
    assert page.count('class="opblock-summary-path"') == operations
    assert "Storefront API" in page
    assert "/api/v1/carts/{cart_id}/checkout" in page.replace("\u200b", "")

"""Under gunicorn (two worker processes) the metrics page adds up every worker's requests."""

from __future__ import annotations

import requests

from tests.served_shop import served
from tests.test_ops_metrics import value

TOKEN = "scrape-token-served-0123"
REQUESTS = 24
LABELS = 'endpoint="auth.register",method="GET",status="200"'


def test_every_workers_requests_are_counted_whichever_worker_answers(app, tmp_path):
    settings = {"STOREFRONT_METRICS_TOKEN": TOKEN}
    with served(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "shop.log", **settings) as base:
        for _ in range(REQUESTS):  # a new connection each: the workers share them out
            assert requests.get(f"{base}/register", timeout=30).status_code == 200
        scraper = {"Authorization": f"Bearer {TOKEN}"}
        for _ in range(4):  # each scrape may be answered by either worker
            page = requests.get(f"{base}/metrics", headers=scraper, timeout=30)
            assert page.status_code == 200
            assert value(page.text, "storefront_request_duration_seconds_count", LABELS) == REQUESTS
        assert requests.get(f"{base}/metrics", timeout=30).status_code == 401

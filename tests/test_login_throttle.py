"""Log-in throttling stops guessing without locking the real user out (issue "Hardening",
findings 2 and 3): buckets per address and account, per address, per account from strange
browsers, and a device cookie that lets a browser that logged in before keep logging in.
The counters live in the shop's database, so they hold across gunicorn workers without Redis.
"""

from __future__ import annotations

import re

import pytest
import requests
from sqlalchemy import func, select

from storefront.extensions import db
from storefront.login_throttle import COOKIE
from storefront.models import RateLimitCounter
from storefront.services import accounts
from tests.helpers import PASSWORD, csrf_token
from tests.served_shop import served

WRONG = "wrong password, surely"
LIMITS = {
    "RATELIMIT_STORAGE_URI": "storefront-db://",
    "LOGIN_RATE_LIMIT": "3 per minute",
    "LOGIN_ADDRESS_RATE_LIMIT": "5 per minute",
    "LOGIN_ACCOUNT_RATE_LIMIT": "8 per hour",
}


@pytest.fixture
def shop(make_app):
    app = make_app(**LIMITS)
    with app.app_context():
        accounts.register("alice", PASSWORD)
        accounts.register("bob", PASSWORD)
    return app


def browser(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def log_in(client, username="alice", password=WRONG):
    token = csrf_token(client, "/login")
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def token(client, username="alice", password=WRONG):
    body = {"username": username, "password": password}
    return client.post("/api/v1/tokens", json=body).status_code


def test_guessing_from_one_address_stops_there_and_nowhere_else(shop):
    attacker = browser(shop, "203.0.113.9")
    assert [log_in(attacker) for _ in range(3)] == [200] * 3
    assert log_in(attacker) == 429
    assert log_in(attacker, password=PASSWORD) == 429  # from there, even the right one
    assert token(attacker) == 429  # the API is the same door
    # The real user, elsewhere and in a browser never used before, is not locked out.
    assert log_in(browser(shop, "198.51.100.7"), password=PASSWORD) == 302


def test_one_address_trying_many_accounts_is_stopped(shop):
    attacker = browser(shop, "203.0.113.9")
    names = ["alice", "bob", "carol", "dave", "erin"]
    assert [log_in(attacker, name) for name in names] == [200] * 5
    assert log_in(attacker, "frank") == 429
    assert token(attacker, "grace") == 429


def test_a_browser_that_logged_in_before_keeps_logging_in_under_attack(shop):
    mine = browser(shop, "198.51.100.7")
    assert log_in(mine, password=PASSWORD) == 302
    assert mine.get_cookie(COOKIE) is not None
    mine.post("/logout", data={"csrf_token": csrf_token(mine, "/")})

    # Many addresses guess alice's password, each under its own limits, until her account
    # refuses browsers it does not know.
    for n in range(8):
        assert log_in(browser(shop, f"203.0.113.{n}")) == 200
    assert log_in(browser(shop, "203.0.113.200"), password=PASSWORD) == 429
    assert token(browser(shop, "203.0.113.201"), password=PASSWORD) == 429
    # Her own browser, from any address, still gets in, and so does bob.
    mine.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    assert log_in(mine, password=PASSWORD) == 302
    assert log_in(browser(shop, "203.0.113.202"), "bob", PASSWORD) == 302


def test_the_device_cookie_has_its_own_limit_and_cannot_be_forged(shop):
    mine = browser(shop, "198.51.100.7")
    assert log_in(mine, password=PASSWORD) == 302
    mine.post("/logout", data={"csrf_token": csrf_token(mine, "/")})
    assert [log_in(mine) for _ in range(3)] == [200] * 3
    assert log_in(mine, password=PASSWORD) == 429  # a stolen cookie does not guess fast

    forged = browser(shop, "203.0.113.50")
    cookie = mine.get_cookie(COOKIE).value
    forged.set_cookie(COOKIE, cookie[:-4] + "AAAA")
    for n in range(8):
        log_in(browser(shop, f"203.0.113.{n}"))
    assert log_in(forged, password=PASSWORD) == 429


def test_the_counts_are_rows_in_the_shops_database(shop):
    log_in(browser(shop, "203.0.113.9"))
    with shop.app_context():
        keys = db.session.scalars(select(RateLimitCounter.key)).all()
        assert len(keys) == 3
        assert all("alice" not in key for key in keys)
        assert db.session.scalar(select(func.max(RateLimitCounter.count))) == 1


ACCESS_LINE = re.compile(r"^<?(\d+)>? (\S+) (\S+) (\d{3})$")


def test_the_limit_holds_across_processes_without_redis(app, tmp_path):
    """Two gunicorn servers (processes that share nothing but the database) count together."""
    with app.app_context():
        accounts.register("alice", PASSWORD)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    settings = {"REDIS_URL": "", "WEB_CONCURRENCY": "1"}
    with (
        served(url, tmp_path / "first.log", **settings) as first,
        served(url, tmp_path / "second.log", **settings) as second,
    ):

        def attempt(base, password=WRONG):
            with requests.Session() as session:
                page = session.get(base + "/login", timeout=10).text
                csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
                data = {"username": "alice", "password": password, "csrf_token": csrf}
                answer = session.post(base + "/login", data=data, timeout=10, allow_redirects=False)
                return answer.status_code

        # Five wrong passwords at each process: ten in all, each answered as a wrong password.
        codes = [attempt(base) for base in (first, second) for _n in range(5)]
        assert codes == [200] * 10
        later = [attempt(first), attempt(second), attempt(first, PASSWORD)]
    assert later == [429] * 3

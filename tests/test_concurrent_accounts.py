"""Concurrent writers on the real database: one wins, the others get a clear answer."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from storefront.extensions import db
from storefront.models import User
from storefront.services import accounts
from tests.helpers import PASSWORD


def test_same_username_registered_by_many_threads_at_once(app):
    start = threading.Barrier(12)

    def attempt(number: int) -> str:
        with app.app_context():
            start.wait()
            try:
                accounts.register("racer" if number % 2 else "RACER", PASSWORD)
            except accounts.UsernameTaken:
                return "taken"
            finally:
                db.session.remove()
            return "created"

    with ThreadPoolExecutor(max_workers=12) as pool:
        outcomes = list(pool.map(attempt, range(12)))

    assert outcomes.count("created") == 1
    assert outcomes.count("taken") == 11
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_many_different_registrations_at_once_all_succeed(app):
    start = threading.Barrier(8)

    def attempt(number: int) -> None:
        with app.app_context():
            start.wait()
            accounts.register(f"user{number}", PASSWORD)
            db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(attempt, range(8)))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 8

"""The machine and the versions a result was measured with, in one line."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def describe(database: str, pg_url: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> str:
    """``Machine: ...; versions: ...`` for the results file."""
    cpu = _cpu_model()
    memory = _memory_gib()
    parts = [
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if database == "postgresql":
        parts.append(f"PostgreSQL {_postgres_version(pg_url)}")
    parts += [f"{name} {version(name)}" for name in ("Flask", "SQLAlchemy", "Jinja2", "gunicorn")]
    parts.append(_wrk_version())
    return (
        f"Machine: {os.cpu_count()} cores, {memory:.1f} GiB memory, {cpu}; "
        f"{', '.join(parts)}; commit {_commit()}"
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _postgres_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    from storefront.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar()).split()[0]
    finally:
        engine.dispose()


def _wrk_version() -> str:
    try:
        found = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    except OSError:
        return "wrk (missing)"
    return found.stdout.split(" [")[0].split("Copyright")[0].strip() or "wrk"


def _commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "unknown"

"""Settings: defaults for the embedded setup, overridden by the environment.

Every setting can be given as ``STOREFRONT_<NAME>`` (values are read as JSON when
they parse, so ``STOREFRONT_CART_TTL_MINUTES=15`` is an integer). A few common
names are also read without the prefix: ``DATABASE_URL``, ``REDIS_URL``,
``SECRET_KEY``, ``BROKER_URL``, ``LOG_FORMAT``, ``PAYMENT_URL``, ``MAIL_URL``, ``MAIL_FROM``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

PLAIN_NAMES = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "BROKER_URL",
    "LOG_FORMAT",
    "PAYMENT_URL",
    "MAIL_URL",
    "MAIL_FROM",
)

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,
    "REDIS_URL": None,
    "BROKER_URL": "amqp://guest:guest@127.0.0.1:5672/%2F",
    # /readyz asks the broker too; None: when BROKER_URL was given (environment or config).
    "READY_CHECK_BROKER": None,
    # A scraper sending "Authorization: Bearer <this>" may read /metrics (admins always may).
    "METRICS_TOKEN": None,
    "LOG_FORMAT": "text",
    "LOG_LEVEL": "INFO",
    "CATALOGUE_PAGE_SIZE": 24,
    # Where product images' files are kept; None: the instance folder's images/.
    "IMAGE_FOLDER": None,
    "CART_TTL_MINUTES": 60,
    # A cart's bounds: different products in one cart, units on one line (the defaults are
    # rules.MAX_LINES and rules.MAX_QUANTITY; this floor imports nothing of the shop's).
    "CART_MAX_LINES": 100,
    "CART_MAX_QUANTITY": 1000,
    "ORDER_PAYMENT_TTL_MINUTES": 30,
    # Longer than a payment call can take with all its retries: an attempt
    # claimed longer ago than this was abandoned by its caller.
    "PAYMENT_IN_FLIGHT_SECONDS": 60,
    # Failed log-ins (docs/security.md): per address and account, and per trusted browser;
    # per address whatever the account; per account from browsers it never logged in from.
    "LOGIN_RATE_LIMIT": "10 per minute",
    "LOGIN_ADDRESS_RATE_LIMIT": "30 per minute",
    "LOGIN_ACCOUNT_RATE_LIMIT": "100 per hour",
    "LOGIN_DEVICE_COOKIE_DAYS": 365,
    "TRUSTED_PROXIES": 0,
    # The longest address (path and query string) read; a longer one answers 414.
    "MAX_URL_LENGTH": 8192,
    "SQLITE_BUSY_TIMEOUT_SECONDS": 30,
    # The warehouse feed (docs/warehouse.md).
    "INVENTORY_QUEUE": "storefront.inventory",
    "INVENTORY_PREFETCH": 20,
    "INVENTORY_RECONNECT_MAX_SECONDS": 30,
    "INVENTORY_WEBHOOK_SECRET": None,
    "INVENTORY_MAX_EVENT_BYTES": 65536,
    "INVENTORY_DEFAULT_STORE": "Warehouse",
    "INVENTORY_DEFAULT_BRAND": "Warehouse",
    "INVENTORY_DEFAULT_CATEGORY": "New arrivals",
    # The GraphQL face's limits (docs/api.md).
    "GRAPHQL_MAX_DEPTH": 6,
    "GRAPHQL_MAX_COST": 25_000,
    # argon2id parameters (OWASP's minimum profile); tests lower them.
    "PASSWORD_TIME_COST": 2,
    "PASSWORD_MEMORY_COST": 19456,
    "PASSWORD_PARALLELISM": 1,
    "SESSION_LIFETIME_DAYS": 14,
    # At most this many stored sessions; `flask sessions purge` deletes the soonest-expiring.
    "SESSION_MAX_ROWS": 1_000_000,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "storefront_session",
    # Write the session store only when the session changes, not on every request. (Flask's
    # own default is true, so this must be set here: a setdefault later would never apply.)
    "SESSION_REFRESH_EACH_REQUEST": False,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
    # None: ping a server's connections before use (see _derive); a dict replaces that.
    "SQLALCHEMY_ENGINE_OPTIONS": None,
    # A pooled connection unused for this long is pinged before its next use.
    "DATABASE_PING_IDLE_SECONDS": 10,
    # The payment provider: over HTTP at PAYMENT_URL, else the sandbox in-process.
    "PAYMENT_URL": None,
    "PAYMENT_CURRENCY": "USD",  # ISO 4217, two decimal places (checked at start)
    "MONEY_LOCALE": "en_US",  # how pages and e-mails write amounts: $1,299.00, 1.299,00 €
    "PAYMENT_TIMEOUT_SECONDS": 5,  # read timeout per try; connecting gets at most 3 s
    "PAYMENT_RETRIES": 2,  # tries after the first, for 500s, time-outs and refused connections
    "PAYMENT_BACKOFF_SECONDS": 0.25,  # wait before retry n: this times 2 ** (n - 1)
    "PAYMENT_SANDBOX_PATH": None,  # the in-process sandbox's file; default in the instance folder
    "PAYMENT_SANDBOX_SLOW_SECONDS": 10,  # how long the sandbox's slow card keeps its answer
    # E-mail (docs/mail.md): the outbox, delivered by the worker.
    "MAIL_URL": None,  # smtp://host:port or smtps://user:password@host:port; none: .eml files
    "MAIL_FROM": "Storefront <shop@storefront.localhost>",
    "MAIL_DIR": None,  # where the .eml files go without MAIL_URL; default instance/mail
    "MAIL_TIMEOUT_SECONDS": 10,  # per SMTP connection and command
    "MAIL_BATCH_SIZE": 20,  # messages claimed at once by a worker
    "MAIL_CLAIM_SECONDS": 600,  # a claimed message not sent by then is free for another worker
    "MAIL_BACKOFF_SECONDS": 30,  # wait after the first failed try; doubles each time
    "MAIL_BACKOFF_MAX_SECONDS": 3600,  # the longest wait between tries (it never gives up)
    "SHOP_NAME": "Storefront",
    "SHOP_URL": "http://127.0.0.1:5000",  # the address links in e-mails start with
    # Periodic and background work (docs/mail.md): the worker's queue. None: Redis when
    # REDIS_URL is set, else SQLite in the instance folder; "off": nothing is queued.
    "TASK_QUEUE": None,
    "TASK_QUEUE_PATH": None,  # the SQLite queue's file; default instance/tasks.db
    "TASK_QUEUE_NAME": "storefront",  # the queue's name (shops sharing one Redis differ)
    # The JSON API (docs/api.md): flask-smorest's settings for its OpenAPI document.
    "API_TITLE": "Storefront API",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


def load_settings(app: Flask, overrides: dict[str, Any] | None) -> None:
    """Fill ``app.config`` from defaults, the environment, then ``overrides``."""
    app.config.update(DEFAULTS)
    for name in PLAIN_NAMES:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    app.config.from_prefixed_env("STOREFRONT")
    if overrides:
        app.config.update(overrides)
    if app.config["READY_CHECK_BROKER"] is None:
        app.config["READY_CHECK_BROKER"] = _given("BROKER_URL", overrides)
    _derive(app)


def _given(name: str, overrides: dict[str, Any] | None) -> bool:
    """Whether the setting ``name`` was set by the environment or the overrides."""
    return bool(
        os.environ.get(name) or os.environ.get(f"STOREFRONT_{name}") or name in (overrides or {})
    )


def _derive(app: Flask) -> None:
    """Compute the settings that follow from others."""
    config = app.config
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)

    url = config.get("SQLALCHEMY_DATABASE_URI") or config.get("DATABASE_URL")
    if not url:
        url = f"sqlite:///{instance / 'storefront.db'}"
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    # The embedded setup makes its own key; with a database server the start check
    # (startup.check_settings) insists on a given one, shared by every process.
    if not config.get("SECRET_KEY") and config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        config["SECRET_KEY"] = _instance_secret(instance / "secret_key")
    if config.get("SQLALCHEMY_ENGINE_OPTIONS") is None:
        # Connections to a server are checked before use only after sitting idle
        # (database.configure_engine): a ping before every transaction cost a round trip
        # each, three per purchase. A file cannot drop a connection at all.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": False}

    redis_url = config.get("REDIS_URL")
    if not config.get("TASK_QUEUE"):
        config["TASK_QUEUE"] = "redis" if redis_url else "sqlite"
    if not config.get("TASK_QUEUE_PATH"):
        config["TASK_QUEUE_PATH"] = str(instance / "tasks.db")
    # Without Redis the counters live in the shop's database, shared by every worker.
    config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "storefront-db://")
    if redis_url and config.get("SESSION_TYPE") is None:
        config["SESSION_TYPE"] = "redis"
    config.setdefault("SESSION_TYPE", "sqlalchemy")
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=int(config["SESSION_LIFETIME_DAYS"]))
    config.setdefault("SESSION_PERMANENT", True)
    config.setdefault("SESSION_CLEANUP_N_REQUESTS", 1000)
    config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    # A broken Redis must not take the shop down: fall back to counting in memory.
    config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)


def normalise_database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret(path: Path) -> str:
    """Read the secret key kept in the instance folder, making it on first use."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_hex(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key

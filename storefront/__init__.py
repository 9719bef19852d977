"""Storefront: an online shop. ``create_app`` builds the Flask application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, g
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

from . import cli, errors, rate_limit_storage, request_log, security, tasks, url_length
from .config import load_settings
from .database import configure_engine
from .extensions import csrf, db, limiter, login_manager, migrate, payment_gateway
from .forms import ButtonForm
from .ops import metrics
from .rules import SEARCH_QUERY_MAX_LENGTH
from .services.json_input import load_json
from .startup import check_settings
from .web import fixed_url, money
from .web_sessions import DatabaseSessionInterface, redis_session_interface

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides settings (tests use it)."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    if config and config.get("INSTANCE_PATH"):
        app.instance_path = str(config["INSTANCE_PATH"])
    load_settings(app, config)
    app.json = GuardedJsonProvider(app)
    check_settings(app)
    request_log.configure_logging(app)
    url_length.register(app)
    register_extensions(app)
    register_blueprints(app)
    errors.register_error_handlers(app)
    security.register_headers(app)
    request_log.register(app)
    metrics.register(app)
    tasks.init_tasks(app)
    cli.register_commands(app)
    register_template_helpers(app)
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    return app


class GuardedJsonProvider(DefaultJSONProvider):
    """Flask's JSON, reading every request body through ``load_json`` (``request.get_json``)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return load_json(s)


def register_extensions(app: Flask) -> None:
    """Bind each extension to the app."""
    db.init_app(app)
    configure_engine(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), compare_type=True, render_as_batch=True
    )
    csrf.init_app(app)
    rate_limit_storage.register()  # the storefront-db:// scheme, before the limiter reads it
    limiter.init_app(app)
    _limits_checked_by_their_views(app)
    payment_gateway.init_app(app)
    _init_sessions(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # a new session id at login does this job

    @login_manager.user_loader
    def load_user(user_id: str) -> Any:
        from .auth.routes import session_user

        return session_user(user_id)


# Settings that would give Flask-Limiter limits of its own, checked before every view.
APP_WIDE_LIMITS = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")


def _limits_checked_by_their_views(app: Flask) -> None:
    """Drop Flask-Limiter's check before every request when there is nothing for it to check.

    That hook applies default and application-wide limits. The shop sets none: each of its
    limits decorates a view (log-in, password reset), which checks it when it runs. The hook
    still resolved, on every page, that no limit applied.
    """
    if not any(app.config.get(name) for name in APP_WIDE_LIMITS):
        app.before_request_funcs[None].remove(limiter._check_request_limit)


def _init_sessions(app: Flask) -> None:
    if app.config["SESSION_TYPE"] == "redis":
        app.session_interface = redis_session_interface(app)
    else:
        app.session_interface = DatabaseSessionInterface(app)


def register_template_helpers(app: Flask) -> None:
    """Filters and globals the templates share."""
    from .cart.guest import guest_cart_id, owner_id, shown_item_count
    from .payments.sandbox import TEST_CARDS
    from .services.addresses import country_name
    from .services.visitor_carts import current_item_count

    def cart_item_count() -> int:
        if g.get("database_down"):
            return 0
        # A page that loaded the cart already (the cart page) counts it without asking again.
        shown = shown_item_count()
        if shown is not None:
            return shown
        return current_item_count(owner_id(), guest_cart_id())

    app.add_template_filter(money, "money")
    app.add_template_filter(country_name, "country_name")
    app.add_template_global(cart_item_count)
    app.add_template_global(fixed_url)
    app.add_template_global(SEARCH_QUERY_MAX_LENGTH, "search_max_length")
    app.add_template_global(TEST_CARDS, "test_cards")
    app.context_processor(
        lambda: {"button_form": ButtonForm, "max_quantity": app.config["CART_MAX_QUANTITY"]}
    )


def register_blueprints(app: Flask) -> None:
    """Mount the site's parts."""
    from .account import bp as account_bp
    from .admin import bp as admin_bp
    from .api import register_api
    from .auth import bp as auth_bp
    from .cart import bp as cart_bp
    from .catalogue import bp as catalogue_bp
    from .checkout import bp as checkout_bp
    from .graphql_api import bp as graphql_bp
    from .images import bp as images_bp
    from .inventory import bp as inventory_bp
    from .ops import bp as ops_bp
    from .orders import bp as orders_bp

    app.register_blueprint(catalogue_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(cart_bp)
    app.register_blueprint(checkout_bp)
    app.register_blueprint(orders_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(inventory_bp)
    app.register_blueprint(graphql_bp)
    app.register_blueprint(images_bp)
    app.register_blueprint(ops_bp)
    register_api(app)

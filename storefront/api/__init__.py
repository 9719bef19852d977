"""The JSON API under /api/v1: flask-smorest on the same services as the HTML pages.

``register_api(app)`` mounts every part, the OpenAPI document at /api/v1/openapi.json and
the browsable page at /api/docs.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api

from .auth import SCHEME
from .schemas.common import ErrorSchema

DESCRIPTION = """\
Storefront's JSON API: the same shop as the web pages, for scripts.

Send `Authorization: Bearer <token>`; get a token from `POST /api/v1/tokens`. Bodies are
JSON (`Content-Type: application/json`). Money is a string with two decimals (`"1299.00"`).
Lists come in pages: `{"items": [...], "page": 1, "per_page": 24, "total": 123}`.
Every error is `{"error": {"code": "...", "message": "...", "fields": {...}}}`, with
`fields` (field name, dotted for nested ones such as `card.number`, to what is wrong)
only when values were not valid.
"""


class StorefrontApi(Api):
    """flask-smorest's Api, documenting our error shape and leaving error answers to us."""

    ERROR_SCHEMA = ErrorSchema
    # No catch-all "default" answer: each operation lists every status it gives.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        """The API's blueprints answer their own errors (see ``blueprint.py``)."""

    def register_blueprint(self, blp: Any, **options: Any) -> None:
        """As flask-smorest's, but the document's tag is the blueprint's ``tag``."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        blp.register_views_in_doc(self, self._app, self.spec, name=name, parameters=None)
        self.spec.tag({"name": blp.tag, "description": blp.description})


def register_api(app: Flask) -> None:
    """Mount the API, its OpenAPI document and its documentation page on ``app``."""
    from .docs import bp as docs_bp
    from .routes import (
        accounts,
        addresses,
        admin_campaigns,
        admin_catalogue,
        admin_orders,
        admin_reports,
        admin_vouchers,
        back_in_stock,
        carts,
        catalogue,
        order_life,
        orders,
        product_images,
        shipping,
    )

    api = StorefrontApi(app, spec_kwargs=_spec_kwargs())
    api.spec.components.security_scheme(
        SCHEME,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from POST /api/v1/tokens.",
        },
    )
    for module in (
        accounts,
        catalogue,
        back_in_stock,
        product_images,
        carts,
        orders,
        addresses,
        shipping,
        order_life,
        admin_orders,
        admin_catalogue,
        admin_reports,
        admin_vouchers,
        admin_campaigns,
    ):
        api.register_blueprint(module.blp)
    api.register_blueprint(shipping.admin_blp)
    _document_inventory_webhook(app, api)
    app.register_blueprint(docs_bp)
    app.extensions["storefront.api"] = api


def _spec_kwargs() -> dict[str, Any]:
    return {
        "info": {"description": DESCRIPTION},
        "servers": [{"url": "/", "description": "This shop"}],
    }


def _document_inventory_webhook(app: Flask, api: Api) -> None:
    """The warehouse's webhook is its own blueprint (signed bodies, no token); describe it."""
    from .schemas.inventory import webhook_operation

    rule = next(app.url_map.iter_rules("inventory.receive_event"))
    api.spec.tag({"name": "inventory", "description": "The warehouse's signed webhook."})
    api.spec.path(rule=rule, operations={"post": webhook_operation()})

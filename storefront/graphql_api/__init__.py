"""The GraphQL face of the shop: ``POST /graphql``, over the same services and bearer tokens
as ``/api/v1`` (docs/api.md). The explorer page is switched off: it would load its scripts
from a CDN; any GraphQL client reads the schema by introspection instead."""

from __future__ import annotations

from flask import Blueprint

from ..extensions import csrf
from .view import ShopGraphQLView

bp = Blueprint("graphql", __name__)
bp.add_url_rule("/graphql", view_func=ShopGraphQLView.as_view("graphql"))
csrf.exempt(bp)

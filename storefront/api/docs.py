"""``/api/docs``: the OpenAPI document in Swagger UI, served from our own static files."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

bp = Blueprint("api_docs_page", __name__)


@bp.get("/api/docs")
def page() -> str:
    """A page that loads the vendored Swagger UI, pointed at our document."""
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))

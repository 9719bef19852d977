"""Every API route, found from the URL map: it says who may call it, the checks hold, and
the OpenAPI document describes it. A new route cannot be left out of any of these."""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid

import jsonschema_rs
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_30  # the OpenAPI 3.0 meta-schema
from werkzeug.test import TestResponse

from storefront import create_app
from storefront.api.auth import SCHEME, Access
from tests.api_helpers import Caller, error_of
from tests.conftest import BASE_CONFIG

# Not ours to guard with a token: the document itself, and the warehouse's signed webhook.
OWN_RULES = {"/api/v1/openapi.json", "/api/v1/inventory/events"}


def api_routes() -> list[tuple[str, str, Access | None]]:
    """(method, rule, who may call it) of every route under /api/v1 that guards itself."""
    instance = tempfile.mkdtemp(prefix="api-routes-")
    app = create_app(
        {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", "INSTANCE_PATH": instance}
    )
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule in OWN_RULES:
            continue
        access = getattr(app.view_functions[rule.endpoint], "api_access", None)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, rule.rule, access))
    shutil.rmtree(instance, ignore_errors=True)
    return found


ROUTES = api_routes()
NEED_TOKEN = [route for route in ROUTES if route[2] in (Access.CUSTOMER, Access.ADMIN)]
ADMIN_ONLY = [route for route in ROUTES if route[2] is Access.ADMIN]


def sample_path(rule: str) -> str:
    """The rule with sample values in place of its variables."""
    path = re.sub(r"<uuid:\w+>", str(uuid.uuid4()), rule)
    return re.sub(r"<int:\w+>", "1", path)


def call(caller: Caller, method: str, rule: str) -> TestResponse:
    body = {} if method in ("POST", "PUT", "PATCH") else None
    path = sample_path(rule)
    return caller.client.open(path, method=method, json=body, headers=caller._headers())


def test_there_are_routes_to_check():
    assert len(ROUTES) >= 30


@pytest.mark.parametrize(("method", "rule", "access"), ROUTES)
def test_every_route_says_who_may_call_it(method, rule, access):
    assert isinstance(access, Access), f"{method} {rule} has no @blp.access(...)"


@pytest.mark.parametrize(("method", "rule", "access"), NEED_TOKEN)
def test_routes_that_need_a_token_refuse_calls_without_one(app, api, method, rule, access):
    for caller in (api.anonymous, Caller(app.test_client(), "not-a-token")):
        response = call(caller, method, rule)
        assert error_of(response, 401)["code"] == "unauthorized", (method, rule)
        assert "Bearer" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(("method", "rule", "access"), ADMIN_ONLY)
def test_admin_routes_refuse_a_customers_token(api, method, rule, access):
    response = call(api.customer(), method, rule)
    assert error_of(response, 403)["code"] == "forbidden", (method, rule)


def test_the_document_is_valid_openapi_and_describes_every_route(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    jsonschema_rs.Draft4Validator(OPENAPI_30).validate(document)
    assert document["components"]["securitySchemes"][SCHEME] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from POST /api/v1/tokens.",
    }
    for method, rule, access in ROUTES:
        path = re.sub(r"<\w+:(\w+)>", r"{\1}", rule)
        operation = document["paths"][path][method.lower()]
        security = operation.get("security")
        if access is Access.PUBLIC:
            assert security is None, (method, rule)
        elif access is Access.OPTIONAL:
            assert security == [{}, {SCHEME: []}], (method, rule)
        else:
            assert security == [{SCHEME: []}], (method, rule)
            assert "401" in operation["responses"]
        if access is Access.ADMIN:
            assert "403" in operation["responses"]
        assert operation["summary"], (method, rule)
        assert "default" not in operation["responses"], "name each status, no catch-all"
        assert {"414", "503"} <= set(operation["responses"]), (method, rule)
    assert "post" in document["paths"]["/api/v1/inventory/events"]


def test_every_error_answer_is_documented_in_the_error_shape(client):
    document = client.get("/api/v1/openapi.json").get_json()
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    body = document["components"]["schemas"]["ErrorBody"]
    assert set(body["properties"]) >= {"code", "message", "fields"}
    for name in ("UNAUTHORIZED", "NOT_FOUND", "UNPROCESSABLE_ENTITY", "CONFLICT"):
        content = document["components"]["responses"][name]["content"]["application/json"]
        assert content["schema"] == {"$ref": "#/components/schemas/Error"}


def test_the_docs_page_is_served_from_our_own_files(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/js/api-docs.js" in html
    assert 'data-spec-url="/api/v1/openapi.json"' in html
    assert "<script>" not in html  # the CSP allows no inline script
    assert "http" not in html.replace("http-equiv", "")  # nothing from elsewhere
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in (
        "vendor/swagger-ui/swagger-ui-bundle.js",
        "vendor/swagger-ui/swagger-ui.css",
        "vendor/swagger-ui/LICENSE",
        "js/api-docs.js",
    ):
        assert client.get(f"/static/{asset}").status_code == 200

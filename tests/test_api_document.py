"""What every operation of the OpenAPI document must carry, walked from the document itself,
so that a route added later cannot leave any of it out: an operationId in camelCase (client
generators name their functions after it), unique; a request body's example, valid by the
document's own schema (Postman and generated clients fill requests with it); no catch-all
"default" answer (each status is named)."""

from __future__ import annotations

import re
import shutil
import tempfile
from typing import Any

import jsonschema_rs
import pytest

from storefront import create_app
from tests.conftest import BASE_CONFIG

METHODS = ("get", "put", "post", "delete", "patch")
CAMEL_CASE = re.compile(r"[a-z]+(?:[A-Z][a-z0-9]*)*")


def api_document() -> dict[str, Any]:
    instance = tempfile.mkdtemp(prefix="api-document-")
    app = create_app(
        {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://", "INSTANCE_PATH": instance}
    )
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    shutil.rmtree(instance, ignore_errors=True)
    return document


def json_schema(node: Any) -> Any:
    """OpenAPI 3.0's ``nullable`` as JSON Schema says it (a type that may be null)."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: json_schema(value) for key, value in node.items()}
    if converted.pop("nullable", False) and "type" in converted:
        converted["type"] = [converted["type"], "null"]
    return converted


DOCUMENT = api_document()
OPERATIONS = [
    pytest.param(operation, id=f"{method.upper()} {path}")
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in METHODS
]


BODIES = [param for param in OPERATIONS if "requestBody" in param.values[0]]


def test_there_are_operations_to_check():
    assert len(OPERATIONS) >= 60


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_has_a_camel_case_operation_id(operation):
    operation_id = operation.get("operationId")
    assert operation_id, (
        'every API operation needs operationId: add @blp.doc(operationId="verbNoun") '
        "to the route (camelCase, e.g. createOrder, listProducts)"
    )
    assert CAMEL_CASE.fullmatch(operation_id), f"operationId {operation_id!r} is not camelCase"


@pytest.mark.parametrize("operation", BODIES)
def test_every_body_has_an_example_the_document_accepts(operation):
    for media_type, content in operation["requestBody"]["content"].items():
        if media_type == "multipart/form-data":
            continue  # a file upload: no example can hold the file
        example = content.get("example")
        assert example is not None, (
            "every API operation with a body needs an example: give its fields "
            'metadata={"example": ...} (or pass example= to @blp.arguments)'
        )
        schema = json_schema({"components": DOCUMENT["components"], **content["schema"]})
        errors = [
            error.message for error in jsonschema_rs.validator_for(schema).iter_errors(example)
        ]
        assert not errors, errors


def test_no_operation_answers_a_catch_all_default():
    for param in OPERATIONS:
        assert "default" not in param.values[0]["responses"], param.id


def test_operation_ids_are_unique():
    ids = [param.values[0]["operationId"] for param in OPERATIONS]
    repeated = sorted({name for name in ids if ids.count(name) > 1})
    assert not repeated, f"operationId used twice: {repeated}"

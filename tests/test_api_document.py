"""What every operation of the OpenAPI document must carry, walked from the document itself,
so that a route added later cannot leave any of it out: an operationId in camelCase (client
generators name their functions after it), unique."""

from __future__ import annotations

import re
import shutil
import tempfile
from typing import Any

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


DOCUMENT = api_document()
OPERATIONS = [
    pytest.param(operation, id=f"{method.upper()} {path}")
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    if method in METHODS
]


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


def test_operation_ids_are_unique():
    ids = [param.values[0]["operationId"] for param in OPERATIONS]
    repeated = sorted({name for name in ids if ids.count(name) > 1})
    assert not repeated, f"operationId used twice: {repeated}"

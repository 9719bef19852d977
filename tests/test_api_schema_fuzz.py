"""Fuzz the API from its own OpenAPI document with schemathesis: no answer is a server error
and every answer fits what the document says (status, content type, body, headers).

Two tests, so that the suite's two workers share them: the customer's routes with a
customer's token, the admin's routes with an admin's token. Each runs every operation with
the document's own examples, with schema-valid data (positive), with data the schema forbids
(negative), and once more positive with path ids that name real objects. Hypothesis is
derandomized, so a run is repeatable; the whole of it takes about 15 s per test.

Left out: DELETE /tokens/current, which would revoke the token the run uses (its own test is
in test_api_accounts.py). The warehouse webhook is fuzzed without a valid signature: it
must answer 401 every time, which is all a fuzzer can reach of it.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import image_files
from tests.api_helpers import SUCCESS_CARD, Api, Shop

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 10  # per operation and mode
EXAMPLES_WITH_IDS = 6  # more, with ids of real objects in the path
LEFT_OUT = {("DELETE", "/api/v1/tokens/current")}
MIN_REQUESTS = 250  # per test; the two together make at least 500


@pytest.fixture
def fuzz_app(make_app):
    return make_app(
        INVENTORY_WEBHOOK_SECRET="fuzzing-secret",
        PAYMENT_SANDBOX_SLOW_SECONDS=0.05,
        LOG_LEVEL="ERROR",
    )


def seed(app) -> dict[str, Any]:
    """A small shop: products, a customer's cart with a line, a paid order."""
    api = Api(app)
    admin = api.admin()
    shop = Shop(
        admin,
        admin.ok("POST", "/brands", {"name": "Fender"}, 201),
        admin.ok("POST", "/categories", {"name": "Guitars"}, 201),
        admin.ok("POST", "/stores", {"name": "Guitar Shop"}, 201),
    )
    products = [shop.product(f"Model {n}", stock=50) for n in range(3)]
    customer = api.customer()
    cart = customer.ok("POST", "/carts", status=201)
    line = {"product_id": products[0]["id"], "quantity": 1}
    customer.ok("POST", f"/carts/{cart['id']}/lines", line)
    order = customer.ok("POST", "/orders", {"lines": [line], "card": SUCCESS_CARD}, 201)
    address = customer.ok(
        "POST",
        "/addresses",
        {
            "full_name": "Ada",
            "line1": "1 Road",
            "city": "Bath",
            "postal_code": "BA1",
            "country": "GB",
        },
        201,
    )
    method = admin.ok("POST", "/admin/shipping-methods", {"name": "Post", "price": "3.00"}, 201)
    picture = admin.call(
        "POST",
        f"/products/{products[0]['id']}/images",
        data={"image": (io.BytesIO(image_files.png(40, 30)), "x.png")},
        content_type="multipart/form-data",
    ).get_json()
    return {
        "customer": customer.token,
        "admin": admin.token,
        "ids": {
            "cart_id": cart["id"],
            "product_id": products[0]["id"],
            "order_id": order["id"],
            "item_id": shop.brand["id"],
            "store_id": shop.store["id"],
            "address_id": address["id"],
            "method_id": method["id"],
            "image_id": picture["id"],
        },
    }


def is_admin(operation: Any) -> bool:
    """An admin's operation: only those answer 403 (a customer's token), whatever their tag."""
    return "403" in operation.definition.raw.get("responses", {})


def fuzz(app, who: str) -> Counter[int]:
    """Run every operation for ``who`` (customer or admin); the statuses answered."""
    seeded = seed(app)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {seeded[who]}"}
    sent: Counter[int] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in LEFT_OUT:
            continue
        if is_admin(operation) != (who == "admin"):
            continue
        known = {
            parameter.name: seeded["ids"][parameter.name]
            for parameter in operation.path_parameters
            if parameter.name in seeded["ids"]
        }
        if operation.method.upper() == "DELETE" and operation.path == "/api/v1/carts/{cart_id}":
            known = {}  # keep the seeded cart for the line and checkout routes that follow
        for strategy in schema.get_strategies_from_examples(operation):
            sent += run(strategy, headers, EXAMPLES)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            sent += run(operation.as_strategy(generation_mode=mode), headers, EXAMPLES)
        if known:
            strategy = operation.as_strategy(path_parameters=known)
            sent += run(strategy, headers, EXAMPLES_WITH_IDS)
    return sent


def run(strategy: Any, headers: dict[str, str], examples: int) -> Counter[int]:
    statuses: Counter[int] = Counter()

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def one(case: Any) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    one()
    return statuses


def check_volume(statuses: Counter[int]) -> None:
    """Enough requests, and enough of them got through the token check to mean something."""
    assert statuses.total() >= MIN_REQUESTS, statuses
    assert sum(n for status, n in statuses.items() if status < 300) >= statuses.total() // 5


def test_customer_routes_hold_to_the_document(fuzz_app):
    check_volume(fuzz(fuzz_app, "customer"))


def test_admin_routes_hold_to_the_document(fuzz_app):
    check_volume(fuzz(fuzz_app, "admin"))

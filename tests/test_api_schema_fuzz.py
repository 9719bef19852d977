"""Fuzz the API from its own OpenAPI document with schemathesis and every one of its checks
(as ``schemathesis run --checks all``): no server error, every answer fits the document
(status, content type, headers, body), data the document allows is accepted and data it
forbids is refused, required headers and methods are held to, and a token is never ignored.

The shop runs under gunicorn as it ships, on this test's database (SQLite, or PostgreSQL
with TEST_DATABASE_URL), and schemathesis' own engine drives it over HTTP through all its
phases: the document's examples, coverage (boundaries, each rule broken in turn, methods
the path does not take), and generated data. Ids of real objects are offered in paths and
bodies half of the time (its dictionaries). A run is deterministic.

Two tests, so that the suite's two workers share them: the customer's operations with a
customer's token, the admin's with an admin's. Left out: DELETE /tokens/current, which would
revoke the token the run uses (test_api_accounts.py has its own test). The warehouse webhook
is fuzzed without a valid signature: 401 every time, which is all a fuzzer can reach of it.
"""

from __future__ import annotations

import io
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from tests import image_files
from tests.api_helpers import SUCCESS_CARD, Api, Shop
from tests.served_shop import served

EXAMPLES = 8  # generated per operation and phase
LEFT_OUT = {"revokeToken"}
METHODS = {"get", "put", "post", "patch", "delete"}
MIN_REQUESTS = 1500  # per test
# Bodies that name other objects, or carry a rule no schema can state: schema-valid data the
# shop refuses with 422 and a message (a product id that names nothing, a voucher ending
# before it starts, a password on the common-password list). Each says why in the document.
REFUSED_BY_CONTENT = {
    "registerUser": "a password that is easy to guess",
    "createOrder": "product ids, address_id and shipping_method that name nothing",
    "checkoutCart": "an address_id or shipping_method that names nothing",
    "addCartLine": "a product id that names nothing",
    "applyCartVoucher": "a code that names no voucher, or one that does not apply",
    "createProduct": "brand, category and store ids that name nothing",
    "updateProduct": "brand, category and store ids that name nothing",
    "createVoucher": "ends before it starts; products, brands, customers that name nothing",
    "createVoucherBatch": "ends before it starts; products, brands, customers that name nothing",
    "updateVoucher": "ends before it starts; products, brands, customers that name nothing",
    "refundOrder": "lines that the order does not have",
    "payOrder": "a card number failing the Luhn check, an expiry in the past",
    "listProducts": "slugs that name nothing; relevance without words to search for",
    "listStoreProducts": "slugs that name nothing; relevance without words to search for",
    "uploadProductImage": "a file that is not a JPEG, PNG or WebP image",
    "orderProductImages": "ids other than the product's own images",
    "getRemovedItemsReport": "a product or slugs that name nothing; until before since",
    "createCampaign": "products or a brand that name nothing; until before from",
}


@pytest.fixture
def fuzz_app(make_app):
    return make_app(INVENTORY_WEBHOOK_SECRET="fuzzing-secret", LOG_LEVEL="ERROR")


def seed(app) -> dict[str, Any]:
    """A small shop: products, a customer's cart with a line, a paid order, a voucher."""
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
    voucher = admin.ok(
        "POST", "/admin/vouchers", {"code": "SPRING15", "kind": "percent", "value": "15"}, 201
    )
    picture = admin.call(
        "POST",
        f"/products/{products[0]['id']}/images",
        data={"image": (io.BytesIO(image_files.png(40, 30)), "x.png")},
        content_type="multipart/form-data",
    ).get_json()
    ids = {
        "cart_id": cart["id"],
        "product_id": products[0]["id"],
        "order_id": order["id"],
        "item_id": shop.brand["id"],
        "store_id": shop.store["id"],
        "address_id": address["id"],
        "method_id": method["id"],
        "image_id": picture["id"],
        "voucher_id": voucher["id"],
    }
    in_bodies = {
        "product_id": products[0]["id"],
        "lines[*].product_id": products[1]["id"],
        "address_id": address["id"],
        "shipping_method": method["id"],
        "code": "SPRING15",
        "brand_id": shop.brand["id"],
        "category_id": shop.category["id"],
        "store_id": shop.store["id"],
    }
    return {"customer": customer.token, "admin": admin.token, "ids": ids, "bodies": in_bodies}


def real_ids(seeded: dict[str, Any]) -> dict[str, Any]:
    """schemathesis' dictionaries: each real id offered for its parameter half of the time."""
    dictionaries: dict[str, Any] = {}
    parameters: dict[str, Any] = {}
    for location, values in (("path", seeded["ids"]), ("body", seeded["bodies"])):
        for name, value in values.items():
            key = f"{location}.{name}"
            dictionaries[key.replace("[*]", "").replace(".", "-")] = {"values": [value]}
            parameters[key] = {
                "dictionary": key.replace("[*]", "").replace(".", "-"),
                "probability": 0.5,
            }
    return {"dictionaries": dictionaries, "parameters": parameters}


@dataclass
class Report:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def fuzz(app: Any, tmp_path: Path, who: str) -> Report:
    """Run every operation for ``who`` (customer or admin) through the engine."""
    seeded = seed(app)
    settings = {
        "STOREFRONT_INVENTORY_WEBHOOK_SECRET": "fuzzing-secret",
        "STOREFRONT_PAYMENT_SANDBOX_SLOW_SECONDS": "0.05",
        "STOREFRONT_PAYMENT_SANDBOX_PATH": str(Path(app.instance_path) / "payment-sandbox.db"),
        "STOREFRONT_IMAGE_FOLDER": str(Path(app.instance_path) / "images"),
        "STOREFRONT_TASK_QUEUE": "off",
        "STOREFRONT_LOG_LEVEL": "ERROR",
    }
    with served(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "shop.log", **settings) as base:
        document = requests.get(base + "/api/v1/openapi.json", timeout=30).json()
        config = SchemathesisConfig.from_dict(
            {
                "base-url": base,
                "headers": {"Authorization": f"Bearer {seeded[who]}"},
                "checks": {"enabled": True},
                # NUL in any text is refused (test_nul_characters.py), which the document
                # says once, in its description, rather than in every pattern.
                "generation": {
                    "max-examples": EXAMPLES,
                    "deterministic": True,
                    "allow-x00": False,
                },
                "phases": {"stateful": {"enabled": False}},
                "continue-on-failure": True,
                "suppress-health-check": ["all"],
                "operations": [
                    {
                        "include-operation-id": operation_id,
                        "checks": {
                            "positive_data_acceptance": {
                                "expected-statuses": ["2xx", "3xx", "401", "404", "409", "422"]
                            }
                        },
                    }
                    for operation_id in REFUSED_BY_CONTENT
                ],
                **real_ids(seeded),
            }
        )
        schema = schemathesis.openapi.from_dict(document, config=config)
        # Leave out the other side's operations (an exclude: the per-operation settings
        # above would widen an include to every operation).
        others = {
            operation["operationId"]
            for item in document["paths"].values()
            for method, operation in item.items()
            if method in METHODS and ("403" in operation["responses"]) != (who == "admin")
        }
        schema = schema.exclude(operation_id=sorted(others | LEFT_OUT))
        return run(schema)


def run(schema: Any) -> Report:
    report = Report()
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.NonFatalError | events.FatalError):
            report.errors.append(str(getattr(event, "value", event)))
        if not isinstance(event, events.ScenarioFinished):
            continue
        recorder = event.recorder
        for interaction in recorder.interactions.values():
            if interaction.response is not None:
                report.requests += 1
                report.statuses[interaction.response.status_code] += 1
        for case_id, checks in recorder.checks.items():
            for check in checks:
                if check.failure_info is None:
                    continue
                case = recorder.cases[case_id].value
                response = recorder.interactions[case_id].response
                answer = (
                    f"{response.status_code} {response.content[:300]!r}" if response else "none"
                )
                report.failures.append(
                    f"{case.operation.label} {check.name}: {check.failure_info.failure.title}\n"
                    f"  {check.failure_info.failure.message[:300]}\n"
                    f"  {check.failure_info.code_sample[:600]}\n  -> {answer}"
                )
    report.seconds = time.monotonic() - started
    return report


def check(report: Report) -> None:
    print(f"{report.requests} requests in {report.seconds:.1f} s: {dict(report.statuses)}")
    assert not report.errors, report.errors
    assert not report.failures, "\n".join(sorted(set(report.failures)))
    assert report.requests >= MIN_REQUESTS, report.statuses
    assert sum(n for status, n in report.statuses.items() if status < 300) >= 100


def test_customer_operations_hold_to_the_document(fuzz_app, tmp_path):
    check(fuzz(fuzz_app, tmp_path, "customer"))


def test_admin_operations_hold_to_the_document(fuzz_app, tmp_path):
    check(fuzz(fuzz_app, tmp_path, "admin"))

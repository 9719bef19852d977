"""The payment sandbox's HTTP answers, asked directly of the real process (SPEC 6)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from storefront.payments.sandbox import DECLINE_CARD, ERROR_CARD, SUCCESS_CARD
from tests.payment_sandbox import new_key


def body(number: str = SUCCESS_CARD, amount: Any = "12.99", **changes: Any) -> dict[str, Any]:
    card = {"name": "Ada Lovelace", "number": number, "expiry": "1240", "cvv": "123"}
    return {
        "amount": amount,
        "currency": "USD",
        "reference": "order-1",
        "customer": "customer-1",
        "card": card,
        **changes,
    }


def pay(sandbox, key: str | None, payload: Any) -> requests.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return requests.post(f"{sandbox.url}/v1/payments", json=payload, headers=headers, timeout=5)


def find(sandbox, key: str) -> requests.Response:
    return requests.get(f"{sandbox.url}/v1/payments/{key}", timeout=5)


def test_health_answers(sandbox):
    response = requests.get(f"{sandbox.url}/health", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_charge_answers_200_then_409_with_the_same_payment_id(sandbox):
    key = new_key()
    first = pay(sandbox, key, body())
    assert first.status_code == 200
    payment_id = first.json()["payment_id"]
    assert first.json() == {"payment_id": payment_id, "status": "succeeded"}
    again = pay(sandbox, key, body())
    assert again.status_code == 409
    assert again.json() == {"payment_id": payment_id}
    assert find(sandbox, key).json() == {"payment_id": payment_id, "status": "succeeded"}
    assert [row["payment_id"] for row in sandbox.charges(key)] == [payment_id]
    assert sandbox.ledger(key)[0]["amount"] == "12.99"


@pytest.mark.parametrize("amount", ["12.5", "12.999", "abc", "", "0.00", "-1.00", "012.00", 1299])
def test_an_amount_not_written_with_two_decimals_is_refused(sandbox, amount):
    key = new_key()
    response = pay(sandbox, key, body(amount=amount))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"
    assert "amount" in response.json()["error"]
    assert sandbox.ledger(key) == []


@pytest.mark.parametrize(
    "changes",
    [{"currency": "usd"}, {"reference": ""}, {"customer": "two words"}, {"card": "4242"}],
)
def test_other_malformed_fields_are_refused(sandbox, changes):
    response = pay(sandbox, new_key(), body(**changes))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


def test_a_missing_idempotency_key_is_refused(sandbox):
    response = pay(sandbox, None, body())
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]


def test_a_body_that_is_not_json_is_refused(sandbox):
    response = requests.post(
        f"{sandbox.url}/v1/payments",
        data="amount=12.99",
        headers={"Idempotency-Key": new_key()},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"


def test_an_invalid_card_is_refused_and_not_remembered(sandbox):
    key = new_key()
    response = pay(sandbox, key, body(number="4242424242424241"))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_card"
    assert "4242424242424241" not in response.text
    assert pay(sandbox, key, body()).status_code == 200


def test_a_decline_is_remembered_for_its_key(sandbox):
    key = new_key()
    declined = pay(sandbox, key, body(number=DECLINE_CARD))
    assert declined.status_code == 400
    assert declined.json()["code"] == "card_declined"
    retried = pay(sandbox, key, body())
    assert retried.status_code == 400
    assert retried.json()["code"] == "card_declined"
    found = find(sandbox, key)
    assert found.status_code == 200
    assert found.json()["status"] == "declined"
    assert sandbox.charges(key) == []


def test_the_error_card_answers_500_and_is_not_remembered(sandbox):
    key = new_key()
    response = pay(sandbox, key, body(number=ERROR_CARD))
    assert response.status_code == 500
    assert find(sandbox, key).status_code == 404
    assert pay(sandbox, key, body()).status_code == 200


def test_a_key_reused_with_another_amount_is_refused(sandbox):
    key = new_key()
    payment_id = pay(sandbox, key, body()).json()["payment_id"]
    response = pay(sandbox, key, body(amount="13.00"))
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_reused"
    assert find(sandbox, key).json()["payment_id"] == payment_id
    assert [row["amount"] for row in sandbox.ledger(key)] == ["12.99"]


def test_an_unknown_key_is_not_found(sandbox):
    assert find(sandbox, new_key()).status_code == 404
    assert find(sandbox, "not a key!").status_code == 404


def test_fail_next_error_makes_the_next_requests_answer_500(sandbox):
    key = new_key()
    sandbox.fail_next(2)
    assert pay(sandbox, key, body()).status_code == 500
    assert find(sandbox, key).status_code == 500  # look-ups are payment requests too
    assert sandbox.ledger(key) == []
    assert pay(sandbox, key, body()).status_code == 200


def test_fail_next_stall_charges_but_answers_late(sandbox):
    key = new_key()
    sandbox.fail_next(1, "stall", seconds=0.5)
    with pytest.raises(requests.Timeout):
        requests.post(
            f"{sandbox.url}/v1/payments",
            json=body(),
            headers={"Idempotency-Key": key},
            timeout=(1, 0.2),
        )
    assert len(sandbox.charges(key)) == 1
    assert pay(sandbox, key, body()).status_code == 409


@pytest.mark.parametrize(
    "payload",
    [
        {"count": -1},
        {"count": "2"},
        {"count": True},
        {"count": 1, "mode": "explode"},
        {"count": 1, "mode": "stall", "seconds": 0},
        {"count": 1, "mode": "stall", "seconds": "2"},
        [],
    ],
)
def test_fail_next_refuses_bad_settings(sandbox, payload):
    response = requests.post(f"{sandbox.url}/v1/test/fail-next", json=payload, timeout=5)
    assert response.status_code == 400
    assert pay(sandbox, new_key(), body()).status_code == 200


def test_unknown_paths_answer_json_404(sandbox):
    response = requests.get(f"{sandbox.url}/v2/anything", timeout=5)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"

"""The same outcomes from both providers: over HTTP to the real sandbox process, and in-process."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from storefront.payments.client import NO_ANSWER, HttpProvider, InProcessProvider
from storefront.payments.provider import Outcome, PaymentProvider
from storefront.payments.sandbox import DECLINE_CARD, ERROR_CARD, SLOW_CARD, SUCCESS_CARD
from tests.payment_sandbox import CLIENT_TIMEOUT, charge_request, new_key


@dataclass
class Setup:
    """A provider, and the sandbox behind it: its test switch and its ledger."""

    provider: PaymentProvider
    fail_next: Callable[..., Any]
    ledger: Callable[[str], list[dict[str, Any]]]

    def charges(self, key: str) -> list[dict[str, Any]]:
        return [row for row in self.ledger(key) if row["status"] == "succeeded"]


@pytest.fixture(params=["http", "in-process"])
def setup(request, tmp_path) -> Setup:
    if request.param == "http":
        sandbox = request.getfixturevalue("sandbox")
        provider = HttpProvider(sandbox.url, timeout=CLIENT_TIMEOUT, retries=2, backoff=0.05)
        return Setup(provider, sandbox.fail_next, sandbox.ledger)
    local = InProcessProvider(tmp_path / "payment-sandbox.db", retries=2)

    def fail_next(count: int, mode: str = "error", seconds: float | None = None) -> None:
        body = {"count": count, "mode": mode, **({"seconds": seconds} if seconds else {})}
        assert local.sandbox.fail_next(body).status == 200

    return Setup(local, fail_next, local.sandbox.ledger)


@pytest.fixture
def tries(caplog):
    """How many tries the client logged for a key, and what each answered."""
    caplog.set_level(logging.INFO, logger="storefront.payments")

    def of(key: str) -> list[Any]:
        return [
            record.fields["status"]
            for record in caplog.records
            if getattr(record, "fields", {}).get("key") == key
        ]

    return of


def test_success_is_paid_once(setup, tries):
    request = charge_request(SUCCESS_CARD)
    result = setup.provider.charge(request)
    assert result.outcome is Outcome.PAID
    assert result.payment_id.startswith("pay_")
    assert [row["payment_id"] for row in setup.charges(request.key)] == [result.payment_id]
    assert tries(request.key) == [200]


def test_a_repeated_charge_is_paid_with_the_first_payment_id(setup, tries):
    request = charge_request(SUCCESS_CARD)
    first = setup.provider.charge(request)
    again = setup.provider.charge(request)
    assert again.outcome is Outcome.PAID
    assert again.payment_id == first.payment_id
    assert len(setup.charges(request.key)) == 1
    assert tries(request.key) == [200, 409]


def test_decline_stays_declined_and_a_new_key_pays(setup):
    declined = charge_request(DECLINE_CARD)
    result = setup.provider.charge(declined)
    assert result.outcome is Outcome.DECLINED
    assert result.error == "The card was declined. Please use another card."
    with_good_card = charge_request(SUCCESS_CARD, key=declined.key)
    assert setup.provider.charge(with_good_card).outcome is Outcome.DECLINED
    assert setup.charges(declined.key) == []
    assert setup.provider.charge(charge_request(SUCCESS_CARD)).outcome is Outcome.PAID


def test_error_card_is_unknown_after_bounded_retries_and_charges_nothing(setup, tries):
    request = charge_request(ERROR_CARD)
    result = setup.provider.charge(request)
    assert result.outcome is Outcome.UNKNOWN
    assert result.error == NO_ANSWER
    assert tries(request.key) == [500, 500, 500]
    assert setup.ledger(request.key) == []
    assert setup.provider.lookup(request.key).outcome is Outcome.NOT_FOUND


def test_one_500_then_success_on_the_retry_with_the_same_key(setup, tries):
    request = charge_request(SUCCESS_CARD)
    setup.fail_next(1)
    result = setup.provider.charge(request)
    assert result.outcome is Outcome.PAID
    assert tries(request.key) == [500, 200]
    assert len(setup.charges(request.key)) == 1


def test_lost_answer_then_409_pays_with_the_same_payment_id(setup, tries):
    request = charge_request(SUCCESS_CARD)
    setup.fail_next(1, "stall", seconds=2)
    result = setup.provider.charge(request)
    assert result.outcome is Outcome.PAID
    charges = setup.charges(request.key)
    assert [row["payment_id"] for row in charges] == [result.payment_id]
    assert tries(request.key) in (["timeout", 409], ["answer-lost", 409])


def test_slow_card_is_unknown_but_charged_and_found_by_lookup(setup):
    request = charge_request(SLOW_CARD)
    result = setup.provider.charge(request)
    assert result.outcome is Outcome.UNKNOWN
    [charge] = setup.charges(request.key)
    found = setup.provider.lookup(request.key)
    assert (found.outcome, found.payment_id) == (Outcome.PAID, charge["payment_id"])
    retried = setup.provider.charge(charge_request(SUCCESS_CARD, key=request.key))
    assert (retried.outcome, retried.payment_id) == (Outcome.PAID, charge["payment_id"])
    assert len(setup.charges(request.key)) == 1


def test_same_key_with_another_amount_is_declined(setup):
    request = charge_request(SUCCESS_CARD, amount_cents=1299)
    paid = setup.provider.charge(request)
    other = setup.provider.charge(charge_request(SUCCESS_CARD, key=request.key, amount_cents=1300))
    assert other.outcome is Outcome.DECLINED
    assert other.payment_id is None
    assert [row["amount"] for row in setup.ledger(request.key)] == ["12.99"]
    assert setup.provider.lookup(request.key).payment_id == paid.payment_id


def test_lookup_answers_paid_declined_and_not_found(setup):
    paid = charge_request(SUCCESS_CARD)
    payment_id = setup.provider.charge(paid).payment_id
    declined = charge_request(DECLINE_CARD)
    setup.provider.charge(declined)
    assert setup.provider.lookup(paid.key).outcome is Outcome.PAID
    assert setup.provider.lookup(paid.key).payment_id == payment_id
    found = setup.provider.lookup(declined.key)
    assert (found.outcome, found.payment_id) == (Outcome.DECLINED, None)
    assert found.error == "The card was declined. Please use another card."
    assert setup.provider.lookup(new_key()).outcome is Outcome.NOT_FOUND


def test_lookup_retries_a_500(setup, tries):
    request = charge_request(SUCCESS_CARD)
    setup.provider.charge(request)
    setup.fail_next(1)
    assert setup.provider.lookup(request.key).outcome is Outcome.PAID
    assert tries(request.key) == [200, 500, 200]


def test_lookup_gives_up_as_unknown(setup):
    setup.fail_next(3)
    result = setup.provider.lookup(new_key())
    assert (result.outcome, result.error) == (Outcome.UNKNOWN, NO_ANSWER)


def test_the_card_is_never_logged(setup, caplog):
    caplog.set_level(logging.DEBUG)
    for number in (SUCCESS_CARD, DECLINE_CARD, ERROR_CARD):
        setup.provider.charge(charge_request(number))
    assert caplog.records
    for number in (SUCCESS_CARD, DECLINE_CARD, ERROR_CARD):
        assert number not in caplog.text
    assert "cvv" not in caplog.text.lower()
